package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            return new Report.Target(name, notMeasured(s == null && b == null ? null : s == null ? "standalone" : "baseline"),
                    Report.NOT_MEASURED, s == null ? Fmt.NONE : report.stepLimits(s, Report.highest(rows, "standalone", "offered_rate")));
        }
        double ratio = Fmt.ratioValue(s.num("deliveries_per_s"), b.num("deliveries_per_s"));
        Map<String, Object> model = new HashMap<>();
        model.put("bestRatio", bestRatio(s, b, "deliveries_per_s"));
        List<SameRate> sameRates = sameRates(rows);
        model.put("hasSameRates", !sameRates.isEmpty());
        model.put("sameRates", sameRates);
        model.put("missing", s.num("missing") > 0 ? Fmt.num(s.num("missing")) : null);
        boolean baselineKeptUp = Report.keptUpAtTop(GROUP, rows, b);
        Csv.Row sTop = Report.highest(rows, "standalone", "offered_rate");
        boolean standaloneKeptUp = sTop != null && Report.keptUpAtTop(GROUP, rows, sTop);
        String reached;
        if (Double.isNaN(ratio)) {
            reached = Report.NOT_MEASURED;
        } else if (ratio >= FANOUT_RATIO && !(s.num("missing") > 0)) {
            reached = baselineKeptUp ? YES_AT_LOAD : Report.YES;
            model.put("baselineKeptUp", baselineKeptUp);
        } else if (standaloneKeptUp && sTop.num("offered_rate") < b.num("offered_rate")) {
            reached = NOT_SHOWN;
            model.put("standaloneKeptUpAt", Fmt.num(sTop.num("offered_rate")));
        } else {
            reached = Report.NO;
        }
        String measured = Templates.inline("targets/delivery-fanout", model);
        return new Report.Target(name, measured, reached, report.stepLimits(s, sTop));
    }

    /** The best row of a target and what it did, for the template {@code targets/best-ratio}. */
    record Best(String kind, String deliveries, String rate, String p99) {
        static Best of(Csv.Row r, String column) {
            return new Best(Report.kind(r), Fmt.num(r.num(column)), Fmt.num(r.num("offered_rate")), Fmt.num(r.num("p99_ms")));
        }
    }

    /** "{@code best} best … ÷ {@code other} best … = ratio" (template {@code targets/best-ratio}). */
    static String bestRatio(Csv.Row best, Csv.Row other, String column) {
        Map<String, Object> model = new HashMap<>();
        model.put("best", Best.of(best, column));
        model.put("other", Best.of(other, column));
        model.put("ratio", Fmt.ratio(best.num(column), other.num(column)));
        return Templates.inline("targets/best-ratio", model);
    }

    /** Text for a target with a side not measured: {@code kind} "not measured", or "neither measured" for null. */
    static String notMeasured(String kind) {
        Map<String, Object> model = new HashMap<>();
        model.put("kind", kind);
        return Templates.inline("targets/not-measured", model);
    }

    /** Both targets' deliveries/s at one offered rate; {@code first} for the template's commas. */
    record SameRate(String rate, String standalone, String baseline, String ratio, boolean first) {
    }

    /** The rates both targets were offered, with what each delivered. */
    private static List<SameRate> sameRates(List<Csv.Row> rows) {
        List<SameRate> same = new ArrayList<>();
        rows.stream().filter(r -> Report.kind(r).equals("baseline")).map(r -> r.num("offered_rate"))
                .filter(v -> !Double.isNaN(v)).distinct().sorted().forEach(rate -> {
                    Csv.Row b = lastAt(rows, "baseline", "offered_rate", rate);
                    Csv.Row s = lastAt(rows, "standalone", "offered_rate", rate);
                    if (s != null) {
                        same.add(new SameRate(Fmt.num(rate), Fmt.num(s.num("deliveries_per_s")), Fmt.num(b.num("deliveries_per_s")),
                                Fmt.ratio(s.num("deliveries_per_s"), b.num("deliveries_per_s")), same.isEmpty()));
                    }
                });
        return same;
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
        String limits = at == null ? Fmt.NONE : atStep("offered", at.num("offered_rate"), report.limitText(at));
        return new Report.Target(t.name(), t.measured(), t.reached(), limits);
    }

    /** The standalone server's flush of 10,000 queued messages ÷ the baseline's, at most 2×, nothing lost. */
    Report.Target flush() {
        String name = "flush of 10,000 queued messages within 2× the baseline's time";
        List<Csv.Row> rows = report.rows("flush").stream().filter(r -> r.has("flush_seconds")).toList();
        Csv.Row s = lastAt(rows, "standalone", "queued", QUEUED);
        Csv.Row b = lastAt(rows, "baseline", "queued", QUEUED);
        if (s == null || b == null) {
            List<OtherSize> others = new ArrayList<>();
            rows.stream().filter(r -> r.num("queued") != QUEUED).sorted(Comparator.comparingDouble(r -> r.num("queued")))
                    .forEach(r -> others.add(new OtherSize(Report.kind(r), Fmt.num(r.num("flush_seconds")),
                            Fmt.num(r.num("queued")), others.isEmpty())));
            Map<String, Object> model = new HashMap<>();
            model.put("kind", s == null ? "standalone" : "baseline");
            model.put("queued", Fmt.num(QUEUED));
            model.put("hasOthers", !others.isEmpty());
            model.put("others", others);
            return new Report.Target(name, Templates.inline("targets/not-measured", model), Report.NOT_MEASURED,
                    s == null ? Fmt.NONE : report.limitText(s));
        }
        double ratio = Fmt.ratioValue(s.num("flush_seconds"), b.num("flush_seconds"));
        Map<String, Object> model = new HashMap<>();
        model.put("standalone", Fmt.num(s.num("flush_seconds")));
        model.put("baseline", Fmt.num(b.num("flush_seconds")));
        model.put("ratio", Fmt.ratio(s.num("flush_seconds"), b.num("flush_seconds")));
        model.put("rate", Fmt.num(s.num("flush_msgs_per_s")));
        model.put("missing", Fmt.num(s.num("missing")));
        model.put("duplicates", Fmt.num(s.num("duplicates")));
        model.put("outOfOrder", Fmt.num(s.num("out_of_order")));
        String measured = Templates.inline("targets/delivery-flush", model);
        String reached = Double.isNaN(ratio) ? Report.NOT_MEASURED
                : ratio <= FLUSH_RATIO && !(s.num("missing") > 0) ? Report.YES : Report.NO;
        return new Report.Target(name, measured, reached, report.limitText(s));
    }

    /** A flush measured at another number of queued messages, for the template {@code targets/not-measured}. */
    record OtherSize(String kind, String seconds, String queued, boolean first) {
    }

    /**
     * What limits a target at a step (template {@code targets/at-step}): {@code which} is "offered" (at a
     * rate offered), "nextStep" (at the next step) or "cpu" (where the CPU goes).
     */
    static String atStep(String which, double rate, String limits) {
        Map<String, Object> model = new HashMap<>();
        model.put(which, true);
        model.put("rate", Fmt.num(rate));
        model.put("limits", limits);
        return Templates.inline("targets/at-step", model);
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
