package io.xuanxuan.loadgen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the load generator's result files ({@code bench/results/<scenario>.csv}): RFC 4180 quoting
 * (a field may hold commas, quotes and line breaks), a header row naming the columns. A later row whose
 * first field is {@code date} is taken as a new header (a file that a newer load generator appended to
 * with other columns); every row is read with the header above it.
 */
final class Csv {

    private Csv() {
    }

    /** The rows of a file as column → value maps, in file order (empty if the file does not exist). */
    static List<Row> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The rows of a CSV text (see the class comment). */
    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (CSVRecord record : records(text)) {
            if (record.size() == 1 && record.get(0).isBlank()) {
                continue;
            }
            if (header == null || "date".equals(record.get(0).trim())) {
                header = record.stream().map(String::trim).toList();
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < record.size(); i++) {
                values.put(header.get(i), record.get(i));
            }
            rows.add(new Row(values));
        }
        return rows;
    }

    /** The records of a CSV text (commons-csv, RFC 4180 quoting, empty lines skipped), header rows included. */
    private static List<CSVRecord> records(String text) {
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.DEFAULT)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable CSV", e);
        }
    }

    /** One result row: column name → text (absent and empty are the same: not measured). */
    record Row(Map<String, String> values) {

        String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }

        /** The column as a number, or NaN if empty, absent or not a number. */
        double num(String column) {
            String v = get(column);
            if (v.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        boolean has(String column) {
            return !Double.isNaN(num(column));
        }
    }
}
