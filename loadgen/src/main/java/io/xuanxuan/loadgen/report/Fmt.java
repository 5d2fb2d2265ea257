package io.xuanxuan.loadgen.report;

import java.util.Locale;

/** Number formatting for the report: few digits, thousands separated, "–" for not measured. */
final class Fmt {

    static final String NONE = "–";

    private Fmt() {
    }

    /** A measured value: integers as integers, otherwise 3 significant digits or so; NaN → "–". */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return NONE;
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) || a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * A value as the load generator wrote it: a number written without a decimal point (a count) stays an
     * integer; one written with a decimal point (a measurement) keeps about three significant digits, also
     * when it happens to be whole ("4.00"); text that is not a number is returned as it is; empty → "–".
     */
    static String measured(String raw) {
        String t = raw == null ? "" : raw.trim();
        if (t.isEmpty()) {
            return NONE;
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return t;
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return NONE;
        }
        boolean decimal = t.contains(".") || t.contains("e") || t.contains("E");
        double a = Math.abs(v);
        if (!decimal || a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1 || v == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A value with a fixed number of decimals ("12.3" for 1 decimal, "12" for none), for percentages. */
    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A ratio value / baseline ("0.23×"); "–" if either is missing or negative, or the baseline is zero. */
    static String ratio(double value, double baseline) {
        double r = ratioValue(value, baseline);
        if (Double.isNaN(r)) {
            return NONE;
        }
        String digits;
        if (r >= 10) {
            digits = String.format(Locale.ROOT, "%,.1f", r);
        } else if (r >= 0.1 || r == 0) {
            digits = String.format(Locale.ROOT, "%.2f", r);
        } else {
            digits = String.format(Locale.ROOT, "%.3f", r);
        }
        return digits + "×";
    }

    static double ratioValue(double value, double baseline) {
        // a negative figure (e.g. RSS per session when the process gave memory back) has no meaningful ratio
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0 || value < 0) {
            return Double.NaN;
        }
        return value / baseline;
    }

    /** Text for a Markdown table cell: pipes escaped, line breaks flattened, empty → "–". */
    static String cell(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        return text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
