package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table: a header and rows of cells (already formatted). */
final class Table {

    final List<String> header;
    final List<List<String>> rows = new ArrayList<>();
    private final List<Boolean> rightAligned;

    Table(List<String> header, List<Boolean> rightAligned) {
        this.header = List.copyOf(header);
        this.rightAligned = List.copyOf(rightAligned);
    }

    void add(List<String> cells) {
        rows.add(List.copyOf(cells));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The cell of a row under the column with this header (IllegalArgumentException if there is none). */
    String cell(List<String> row, String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + header);
        }
        return row.get(i);
    }

    /** The first row whose first cell is {@code key} (IllegalArgumentException if there is none). */
    List<String> row(String key) {
        return rows.stream().filter(r -> r.get(0).equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row '" + key + "' in " + rows));
    }

    String markdown() {
        StringBuilder md = new StringBuilder("|");
        for (String h : header) {
            md.append(' ').append(h.isEmpty() ? "" : Fmt.cell(h)).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < header.size(); i++) {
            md.append(i < rightAligned.size() && rightAligned.get(i) ? "---:|" : "---|");
        }
        md.append('\n');
        for (List<String> row : rows) {
            md.append('|');
            for (String c : row) {
                md.append(' ').append(Fmt.cell(c)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
