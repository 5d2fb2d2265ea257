package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** A row of cells, for the template. */
    record Cells(List<String> cells) {
    }

    /** The table in Markdown (template {@code report/table.md.mustache}); every cell escaped by {@link Fmt#cell}. */
    String markdown() {
        Map<String, Object> model = new HashMap<>();
        model.put("header", header.stream().map(h -> h.isEmpty() ? "" : Fmt.cell(h)).toList());
        List<String> alignment = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            alignment.add(i < rightAligned.size() && rightAligned.get(i) ? "---:" : "---");
        }
        model.put("alignment", alignment);
        model.put("rows", rows.stream().map(row -> new Cells(row.stream().map(Fmt::cell).toList())).toList());
        return Templates.render(Templates.TABLE, model);
    }
}
