package io.xuanxuan.loadgen.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (List<String> record : records(text)) {
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

    /** The records of a CSV text, each a list of unquoted fields. */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // CRLF: the \n ends the record
                }
                case '\n' -> {
                    fields.add(field.toString());
                    records.add(fields);
                    fields = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
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
