package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Issue 11's targets for the standalone server on the machine of the run (delivery by sequence numbers
 * and member cursors): groups of 100 and of 1,000 at least 0.5× the baseline's deliveries/s, 1:1 p99 under
 * 50 ms at 2,000 msg/s, a flush of 10,000 queued messages within 2× the baseline's time. Each says what was
 * measured, whether it was reached, and what limits it (CPU, bus backlog, losses: {@link Report#limitText}).
 */
final class DeliveryTargets {

    static final List<Integer> GROUP_SIZES = List.of(100, 1_000);
    static final double FANOUT_RATIO = 0.5;
    static final double QUEUED = 10_000;
    static final double FLUSH_RATIO = 2;

    /** The fan-out ratio holds at the load offered, but the baseline kept up with it: its ceiling is higher. */
    static final String YES_AT_LOAD = "yes, at the load offered";
    static final String NOT_SHOWN = "not shown (the standalone server kept up with its highest offered rate)";

    private static final Scenario GROUP = Scenario.ALL.stream().filter(s -> s.name().equals("group")).findFirst().orElseThrow();

    private final Report report;

    DeliveryTargets(Report report) {
        this.report = report;
    }

    List<Report.Target> all() {
        List<Report.Target> targets = new ArrayList<>();
        GROUP_SIZES.forEach(members -> targets.add(fanout(members)));
        targets.add(latency());
        targets.add(flush());
        return targets;
    }

    /**
     * The standalone server's best deliveries/s ÷ the baseline's best, for one group size. A ratio from a
     * baseline that kept up with its highest rate holds at that load only (the baseline could do more); a
     * standalone server that kept up with its own highest rate was not pushed to its limit.
     */
    Report.Target fanout(int members) {
        String name = "group of " + Fmt.num(members) + ": at least 0.5× the baseline's deliveries/s";
        List<Csv.Row> rows = report.rows("group").stream().filter(r -> r.num("members") == members).toList();
        Csv.Row s = Report.best(rows, "standalone", "deliveries_per_s");
        Csv.Row b = Report.best(rows, "baseline", "deliveries_per_s");
        if (s == null || b == null) {
            String which = s == null && b == null ? "neither measured" : (s == null ? "standalone" : "baseline") + " not measured";
            return new Report.Target(name, which, Report.NOT_MEASURED,
                    s == null ? Fmt.NONE : report.stepLimits(s, Report.highest(rows, "standalone", "offered_rate")));
        }
        double ratio = Fmt.ratioValue(s.num("deliveries_per_s"), b.num("deliveries_per_s"));
        StringBuilder measured = new StringBuilder("standalone best " + Fmt.num(s.num("deliveries_per_s"))
                + " deliveries/s (at " + Fmt.num(s.num("offered_rate")) + " msg/s, p99 " + Fmt.num(s.num("p99_ms"))
                + " ms) ÷ baseline best " + Fmt.num(b.num("deliveries_per_s")) + " (at " + Fmt.num(b.num("offered_rate"))
                + " msg/s) = " + Fmt.ratio(s.num("deliveries_per_s"), b.num("deliveries_per_s")));
        String sameRates = sameRates(rows);
        if (!sameRates.isEmpty()) {
            measured.append("; at the same offered rate: ").append(sameRates);
        }
        if (s.num("missing") > 0) {
            measured.append("; ").append(Fmt.num(s.num("missing"))).append(" missing at the best step");
        }
        boolean baselineKeptUp = Report.keptUpAtTop(GROUP, rows, b);
        Csv.Row sTop = Report.highest(rows, "standalone", "offered_rate");
        boolean standaloneKeptUp = sTop != null && Report.keptUpAtTop(GROUP, rows, sTop);
        String reached;
        if (Double.isNaN(ratio)) {
            reached = Report.NOT_MEASURED;
        } else if (ratio >= FANOUT_RATIO && !(s.num("missing") > 0)) {
            reached = baselineKeptUp ? YES_AT_LOAD : Report.YES;
            if (baselineKeptUp) {
                measured.append(" (the baseline kept up with its highest offered rate: its ceiling is higher and was"
                        + " not measured)");
            }
        } else if (standaloneKeptUp && sTop.num("offered_rate") < b.num("offered_rate")) {
            reached = NOT_SHOWN;
            measured.append(" (the standalone server kept up with its highest offered rate, ")
                    .append(Fmt.num(sTop.num("offered_rate"))).append(" msg/s: offer it the baseline's rates)");
        } else {
            reached = Report.NO;
        }
        return new Report.Target(name, measured.toString(), reached, report.stepLimits(s, sTop));
    }

    /** "100 msg/s 9,900 vs 9,900 (1.00×), 300 msg/s …" for the rates both targets were offered. */
    private static String sameRates(List<Csv.Row> rows) {
        List<String> parts = new ArrayList<>();
        rows.stream().filter(r -> Report.kind(r).equals("baseline")).map(r -> r.num("offered_rate"))
                .filter(v -> !Double.isNaN(v)).distinct().sorted().forEach(rate -> {
                    Csv.Row b = lastAt(rows, "baseline", "offered_rate", rate);
                    Csv.Row s = lastAt(rows, "standalone", "offered_rate", rate);
                    if (s != null) {
                        parts.add(Fmt.num(rate) + " msg/s: " + Fmt.num(s.num("deliveries_per_s")) + " vs "
                                + Fmt.num(b.num("deliveries_per_s")) + " ("
                                + Fmt.ratio(s.num("deliveries_per_s"), b.num("deliveries_per_s")) + ")");
                    }
                });
        return String.join(", ", parts);
    }

    /** The last row of this kind whose {@code column} is {@code value}, or null. */
    private static Csv.Row lastAt(List<Csv.Row> rows, String kind, String column, double value) {
        return rows.stream().filter(r -> Report.kind(r).equals(kind) && r.num(column) == value)
                .reduce((x, y) -> y).orElse(null);
    }

    /** Issue 6's latency target (the same figure), with what limits it at 2,000 msg/s. */
    Report.Target latency() {
        Report.Target t = report.latencyTarget();
        List<Csv.Row> rows = report.rows("one2one").stream().filter(r -> Report.kind(r).equals("standalone")).toList();
        Csv.Row at = rows.stream().filter(r -> Math.abs(r.num("offered_rate") - Report.TARGET_RATE) <= Report.TARGET_RATE * 0.01)
                .reduce((a, b) -> b).orElse(Report.highest(rows, "standalone", "offered_rate"));
        String limits = at == null ? Fmt.NONE
                : "at " + Fmt.num(at.num("offered_rate")) + " msg/s offered: " + report.limitText(at);
        return new Report.Target(t.name(), t.measured(), t.reached(), limits);
    }

    /** The standalone server's flush of 10,000 queued messages ÷ the baseline's, at most 2×, nothing lost. */
    Report.Target flush() {
        String name = "flush of 10,000 queued messages within 2× the baseline's time";
        List<Csv.Row> rows = report.rows("flush").stream().filter(r -> r.has("flush_seconds")).toList();
        Csv.Row s = lastAt(rows, "standalone", "queued", QUEUED);
        Csv.Row b = lastAt(rows, "baseline", "queued", QUEUED);
        if (s == null || b == null) {
            String other = rows.stream().filter(r -> r.num("queued") != QUEUED)
                    .sorted(Comparator.comparingDouble(r -> r.num("queued")))
                    .map(r -> Report.kind(r) + " " + Fmt.num(r.num("flush_seconds")) + " s for " + Fmt.num(r.num("queued")))
                    .reduce((x, y) -> x + ", " + y).map(x -> " (measured at other sizes: " + x + ")").orElse("");
            return new Report.Target(name, (s == null ? "standalone" : "baseline") + " not measured at "
                    + Fmt.num(QUEUED) + other, Report.NOT_MEASURED, s == null ? Fmt.NONE : report.limitText(s));
        }
        double ratio = Fmt.ratioValue(s.num("flush_seconds"), b.num("flush_seconds"));
        String measured = String.format(Locale.ROOT, "standalone %s s ÷ baseline %s s = %s (%s msg/s flushed; %s missing,"
                        + " %s duplicates, %s out of order)", Fmt.num(s.num("flush_seconds")), Fmt.num(b.num("flush_seconds")),
                Fmt.ratio(s.num("flush_seconds"), b.num("flush_seconds")), Fmt.num(s.num("flush_msgs_per_s")),
                Fmt.num(s.num("missing")), Fmt.num(s.num("duplicates")), Fmt.num(s.num("out_of_order")));
        String reached = Double.isNaN(ratio) ? Report.NOT_MEASURED
                : ratio <= FLUSH_RATIO && !(s.num("missing") > 0) ? Report.YES : Report.NO;
        return new Report.Target(name, measured, reached, report.limitText(s));
    }

    Table table() {
        Table t = new Table(List.of("target (standalone server)", "measured", "reached", "what limits it"),
                List.of(false, false, false, false));
        for (Report.Target target : all()) {
            t.add(List.of(target.name(), target.measured(), target.reached(), target.limits()));
        }
        return t;
    }
}
