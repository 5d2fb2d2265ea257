package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the distributed system costs (issue 12): the CPU of every one of its processes per message and in
 * cores over each measured window (gateways, services, Kafka broker, MariaDB, S3 server; columns
 * {@code process_cpu_ms_per_msg}, {@code process_cpu_cores}, {@code cpu_ms_per_msg}, {@code cpu_total_cores}),
 * set next to the standalone server's at the same scenario and rate and, with a before run, next to that
 * run's; the per-hop latency from the services' timers (column {@code hops}); and issue 12's targets.
 */
final class ClusterCost {

    static final String TITLE = "The distributed system: CPU per process and latency per hop";
    static final String ANCHOR = "the-distributed-system-cpu-per-process-and-latency-per-hop";
    static final String TOTAL = "**all processes**";

    static final double CAPACITY_RATIO = 0.3;
    static final double P99_LIMIT_MS = 100;
    static final double FANOUT_RATIO = 0.3;
    static final double CPU_RATIO = 4;
    static final String NOT_SHOWN = "not shown (the distributed system kept up with its highest offered rate: offer it"
            + " higher rates)";

    private final Report report;
    private final ReportInput in;

    ClusterCost(Report report, ReportInput in) {
        this.report = report;
        this.in = in;
    }

    /** One measured step of a messaging scenario: its column label and the row of each kind. */
    record Step(String label, String scenario, double members, double rate) {
    }

    /** {@code {a=1.5; b=x}} → ordered map (empty for empty or malformed text). */
    static Map<String, String> mapText(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        String t = text == null ? "" : text.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1);
        }
        for (String part : t.split(";")) {
            int eq = part.lastIndexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return map;
    }

    static double number(String text) {
        try {
            return text == null || text.isBlank() ? Double.NaN : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // steps

    /** The distributed system's measured steps in a run: one2one by rate, then group by members and rate. */
    static List<Step> steps(Map<String, List<Csv.Row>> rows) {
        List<Step> steps = new ArrayList<>();
        for (String scenario : List.of("one2one", "group")) {
            rows.getOrDefault(scenario, List.of()).stream()
                    .filter(r -> Report.kind(r).equals("distributed") && r.has("offered_rate"))
                    .map(r -> step(scenario, r))
                    .distinct()
                    .sorted(Comparator.comparingDouble(Step::members).thenComparingDouble(Step::rate))
                    .forEach(steps::add);
        }
        return steps;
    }

    static Step step(String scenario, Csv.Row r) {
        double members = scenario.equals("one2one") ? 2 : r.num("members");
        double rate = r.num("offered_rate");
        String label = scenario.equals("one2one") ? "1:1 @" + Fmt.num(rate) + " msg/s"
                : "group " + Fmt.num(members) + " @" + Fmt.num(rate) + " msg/s";
        return new Step(label, scenario, members, rate);
    }

    /** The last row of a kind at this step in a run's rows, or null. */
    static Csv.Row at(Map<String, List<Csv.Row>> rows, Step step, String kind) {
        return rows.getOrDefault(step.scenario(), List.of()).stream()
                .filter(r -> Report.kind(r).equals(kind) && r.num("offered_rate") == step.rate()
                        && (step.scenario().equals("one2one") || r.num("members") == step.members()))
                .reduce((a, b) -> b).orElse(null);
    }

    /** Process names in the order of the rows' columns (bench/run.sh: gateways, services, broker, database). */
    static List<String> processes(List<Csv.Row> rows, String column) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(mapText(r.get(column)).keySet()));
        return List.copyOf(names);
    }

    private List<Csv.Row> distributedRows(Map<String, List<Csv.Row>> rows, List<Step> steps) {
        List<Csv.Row> found = new ArrayList<>();
        for (Step s : steps) {
            Csv.Row r = at(rows, s, "distributed");
            if (r != null) {
                found.add(r);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------
    // tables

    /**
     * Per process (rows) and distributed step (columns): CPU-ms per message ({@code perMessage}) or cores;
     * then all processes, the standalone server at the same scenario and rate, and the ratio of the two.
     */
    Table processTable(boolean perMessage) {
        List<Step> steps = steps(in.rows);
        String column = perMessage ? "process_cpu_ms_per_msg" : "process_cpu_cores";
        String totalColumn = perMessage ? "cpu_ms_per_msg" : "cpu_total_cores";
        List<String> header = new ArrayList<>();
        header.add(perMessage ? "CPU-ms per message" : "CPU cores");
        steps.forEach(s -> header.add(s.label()));
        Table t = new Table(header, Report.aligned(1, steps.size()));
        List<Csv.Row> rows = distributedRows(in.rows, steps);
        for (String process : processes(rows, column)) {
            List<String> cells = new ArrayList<>(List.of(process));
            for (Step s : steps) {
                Csv.Row r = at(in.rows, s, "distributed");
                cells.add(r == null ? Fmt.NONE : Fmt.measured(mapText(r.get(column)).getOrDefault(process, "")));
            }
            t.add(cells);
        }
        List<String> total = new ArrayList<>(List.of(TOTAL));
        List<String> standalone = new ArrayList<>(List.of("standalone server (same scenario and rate)"));
        List<String> ratio = new ArrayList<>(List.of("all processes ÷ standalone"));
        for (Step s : steps) {
            Csv.Row d = at(in.rows, s, "distributed");
            Csv.Row sa = at(in.rows, s, "standalone");
            total.add(d == null ? Fmt.NONE : Fmt.measured(d.get(totalColumn)));
            standalone.add(sa == null ? Fmt.NONE : Fmt.measured(sa.get(totalColumn)));
            ratio.add(d == null || sa == null ? Fmt.NONE : Fmt.ratio(d.num(totalColumn), sa.num(totalColumn)));
        }
        t.add(total);
        t.add(standalone);
        t.add(ratio);
        return t;
    }

    /**
     * Per process: CPU-ms per message before, this run, and the ratio, for each step both runs measured (the
     * before comes from the same bench against the build before the change).
     */
    Table beforeAfterTable() {
        List<Step> now = steps(in.rows);
        List<Step> then = steps(in.beforeRows);
        List<Step> common = now.stream().filter(then::contains).toList();
        List<String> header = new ArrayList<>(List.of("CPU-ms per message"));
        for (Step s : common) {
            header.add(s.label() + " before");
            header.add(s.label() + " this run");
            header.add(s.label() + " this run ÷ before (lower is better)");
        }
        Table t = new Table(header, Report.aligned(1, header.size() - 1));
        List<Csv.Row> rows = new ArrayList<>(distributedRows(in.beforeRows, common));
        rows.addAll(distributedRows(in.rows, common));
        List<String> names = new ArrayList<>(processes(rows, "process_cpu_ms_per_msg"));
        names.add(TOTAL);
        for (String process : names) {
            List<String> cells = new ArrayList<>(List.of(process));
            for (Step s : common) {
                String b = perMessage(at(in.beforeRows, s, "distributed"), process);
                String a = perMessage(at(in.rows, s, "distributed"), process);
                cells.add(Fmt.measured(b));
                cells.add(Fmt.measured(a));
                cells.add(Fmt.ratio(number(a), number(b)));
            }
            t.add(cells);
        }
        return t;
    }

    private static String perMessage(Csv.Row r, String process) {
        if (r == null) {
            return "";
        }
        return process.equals(TOTAL) ? r.get("cpu_ms_per_msg")
                : mapText(r.get("process_cpu_ms_per_msg")).getOrDefault(process, "");
    }

    /** Per hop (rows) and distributed step (columns): "mean / p99 ms (count)" over the window. */
    Table hopTable() {
        List<Step> steps = steps(in.rows);
        List<String> header = new ArrayList<>(List.of("hop: mean / p99 ms (observations in the window)"));
        steps.forEach(s -> header.add(s.label()));
        Table t = new Table(header, Report.aligned(1, steps.size()));
        List<Csv.Row> rows = distributedRows(in.rows, steps);
        for (String hop : processes(rows, "hops")) {
            List<String> cells = new ArrayList<>(List.of(hop));
            for (Step s : steps) {
                Csv.Row r = at(in.rows, s, "distributed");
                cells.add(r == null ? Fmt.NONE : hopCell(mapText(r.get("hops")).get(hop)));
            }
            t.add(cells);
        }
        return t;
    }

    /** "1.23 / 4.50 (1,200)" from "1.23/4.50/1200"; "–" for the p99 of a timer without histogram. */
    static String hopCell(String value) {
        if (value == null || value.isBlank()) {
            return Fmt.NONE;
        }
        String[] f = value.split("/", -1);
        if (f.length != 3) {
            return value;
        }
        return Fmt.measured(f[0]) + " / " + Fmt.measured(f[1]) + " (" + Fmt.measured(f[2]) + ")";
    }

    // ---------------------------------------------------------------------------------------------
    // issue 12's targets

    List<Report.Target> targets() {
        return List.of(capacity(), fanout(), cpu());
    }

    private List<Csv.Row> rows(String scenario, String kind) {
        return report.rows(scenario).stream().filter(r -> Report.kind(r).equals(kind)).toList();
    }

    /** A 1:1 step: messages answered at an offered rate, for the template {@code targets/cluster-capacity}. */
    record Answered(String answered, String rate, String p99) {
        static Answered of(Csv.Row r) {
            return new Answered(Fmt.num(r.num("msgs_per_s")), Fmt.num(r.num("offered_rate")), Fmt.num(r.num("p99_ms")));
        }
    }

    /** 1:1: a distributed step with p99 < 100 ms and nothing missing answering ≥ 0.3× the standalone's capacity. */
    Report.Target capacity() {
        String name = "1:1: at least 0.3× the standalone's capacity, with p99 < 100 ms at that rate";
        Csv.Row s = Report.best(rows("one2one", "standalone"), "standalone", "msgs_per_s");
        List<Csv.Row> d = rows("one2one", "distributed");
        Csv.Row dTop = Report.highest(d, "distributed", "offered_rate");
        if (s == null || d.isEmpty()) {
            return new Report.Target(name, DeliveryTargets.notMeasured(s == null ? "standalone" : "distributed"),
                    Report.NOT_MEASURED, dTop == null ? Fmt.NONE : report.limitText(dTop));
        }
        double needed = CAPACITY_RATIO * s.num("msgs_per_s");
        Csv.Row ok = d.stream().filter(r -> r.num("p99_ms") < P99_LIMIT_MS && r.num("missing") == 0 && r.has("msgs_per_s"))
                .max(Comparator.comparingDouble(r -> r.num("msgs_per_s"))).orElse(null);
        Map<String, Object> model = new HashMap<>();
        model.put("standalone", Answered.of(s));
        model.put("needed", Fmt.num(needed));
        if (ok == null) {
            Csv.Row low = d.stream().min(Comparator.comparingDouble(r -> r.num("offered_rate"))).orElseThrow();
            model.put("low", Answered.of(low));
            return new Report.Target(name, Templates.inline("targets/cluster-capacity", model), Report.NO,
                    report.stepLimits(low, dTop));
        }
        double ratio = Fmt.ratioValue(ok.num("msgs_per_s"), s.num("msgs_per_s"));
        model.put("ok", Answered.of(ok));
        model.put("ratio", Fmt.ratio(ok.num("msgs_per_s"), s.num("msgs_per_s")));
        String measured = Templates.inline("targets/cluster-capacity", model);
        String reached;
        if (ratio >= CAPACITY_RATIO) {
            reached = Report.YES;
        } else if (ok == dTop && ok.num("msgs_per_s") >= 0.95 * ok.num("offered_rate")) {
            reached = NOT_SHOWN;
        } else {
            reached = Report.NO;
        }
        Csv.Row next = d.stream().filter(r -> r.num("offered_rate") > ok.num("offered_rate"))
                .min(Comparator.comparingDouble(r -> r.num("offered_rate"))).orElse(null);
        String limits = next == null ? report.limitText(ok)
                : DeliveryTargets.atStep("nextStep", next.num("offered_rate"), report.limitText(next));
        return new Report.Target(name, measured, reached, limits);
    }

    /** Group of 100: the distributed system's best deliveries/s ≥ 0.3× the standalone server's. */
    Report.Target fanout() {
        String name = "group of 100: at least 0.3× the standalone's deliveries/s";
        List<Csv.Row> rows = report.rows("group").stream().filter(r -> r.num("members") == 100).toList();
        Csv.Row s = Report.best(rows, "standalone", "deliveries_per_s");
        Csv.Row d = Report.best(rows, "distributed", "deliveries_per_s");
        Csv.Row dTop = Report.highest(rows, "distributed", "offered_rate");
        if (s == null || d == null) {
            return new Report.Target(name, DeliveryTargets.notMeasured(s == null ? "standalone" : "distributed"),
                    Report.NOT_MEASURED, d == null ? Fmt.NONE : report.stepLimits(d, dTop));
        }
        double ratio = Fmt.ratioValue(d.num("deliveries_per_s"), s.num("deliveries_per_s"));
        Map<String, Object> model = new HashMap<>();
        model.put("bestRatio", DeliveryTargets.bestRatio(d, s, "deliveries_per_s"));
        model.put("missing", d.num("missing") > 0 ? Fmt.num(d.num("missing")) : null);
        String measured = Templates.inline("targets/cluster-fanout", model);
        Scenario group = Scenario.ALL.stream().filter(x -> x.name().equals("group")).findFirst().orElseThrow();
        String reached;
        if (Double.isNaN(ratio)) {
            reached = Report.NOT_MEASURED;
        } else if (ratio >= FANOUT_RATIO && !(d.num("missing") > 0)) {
            reached = Report.YES;
        } else if (dTop != null && Report.keptUpAtTop(group, rows, dTop) && !(dTop.num("missing") > 0)) {
            reached = NOT_SHOWN;
        } else {
            reached = Report.NO;
        }
        return new Report.Target(name, measured, reached, report.stepLimits(d, dTop));
    }

    /**
     * 1:1: the distributed system's CPU per message (all its processes) ≤ 4× the standalone server's, at the
     * same offered rate: the highest rate both measured where the distributed step did not break (the CPU
     * of a broken step also pays for a backlog), else the lowest rate both measured.
     */
    Report.Target cpu() {
        String name = "CPU per message of the whole distributed system at most 4× the standalone's (1:1, same offered rate)";
        List<Csv.Row> d = rows("one2one", "distributed").stream().filter(r -> r.has("cpu_ms_per_msg")).toList();
        List<Csv.Row> s = rows("one2one", "standalone").stream().filter(r -> r.has("cpu_ms_per_msg")).toList();
        List<Double> common = d.stream().map(r -> r.num("offered_rate"))
                .filter(rate -> s.stream().anyMatch(x -> x.num("offered_rate") == rate)).distinct().sorted().toList();
        if (common.isEmpty()) {
            Map<String, Object> model = new HashMap<>();
            model.put("kind", d.isEmpty() ? "distributed" : s.isEmpty() ? "standalone" : null);
            return new Report.Target(name, Templates.inline("targets/cluster-cpu-not-measured", model),
                    Report.NOT_MEASURED, Fmt.NONE);
        }
        List<CpuAtRate> rates = new ArrayList<>();
        Double chosen = null;
        for (double rate : common) {
            Csv.Row dr = last(d, rate);
            Csv.Row sr = last(s, rate);
            boolean broke = !dr.get("break_reason").isEmpty();
            rates.add(new CpuAtRate(Fmt.num(rate), Fmt.measured(dr.get("cpu_ms_per_msg")), Fmt.measured(sr.get("cpu_ms_per_msg")),
                    Fmt.ratio(dr.num("cpu_ms_per_msg"), sr.num("cpu_ms_per_msg")), broke, rates.isEmpty()));
            if (!broke) {
                chosen = rate;
            }
        }
        boolean clean = chosen != null;
        double rate = clean ? chosen : common.get(0);
        Csv.Row dr = last(d, rate);
        Csv.Row sr = last(s, rate);
        double ratio = Fmt.ratioValue(dr.num("cpu_ms_per_msg"), sr.num("cpu_ms_per_msg"));
        Map<String, Object> model = new HashMap<>();
        model.put("rate", Fmt.num(rate));
        model.put("clean", clean);
        model.put("distributed", Cpu.of(dr));
        model.put("standalone", Cpu.of(sr));
        model.put("ratio", Fmt.ratio(dr.num("cpu_ms_per_msg"), sr.num("cpu_ms_per_msg")));
        model.put("rates", rates);
        String measured = Templates.inline("targets/cluster-cpu", model);
        String reached = Double.isNaN(ratio) ? Report.NOT_MEASURED : ratio <= CPU_RATIO ? Report.YES : Report.NO;
        return new Report.Target(name, measured, reached,
                DeliveryTargets.atStep("cpu", rate, topProcesses(dr, "process_cpu_ms_per_msg", 4, " ms")));
    }

    /** CPU per message and cores of one row, for the template {@code targets/cluster-cpu}. */
    record Cpu(String perMessage, String cores) {
        static Cpu of(Csv.Row r) {
            return new Cpu(Fmt.measured(r.get("cpu_ms_per_msg")), Fmt.measured(r.get("cpu_total_cores")));
        }
    }

    /** Both systems' CPU per message at one offered rate; {@code first} for the template's commas. */
    record CpuAtRate(String rate, String distributed, String standalone, String ratio, boolean broke, boolean first) {
    }

    private static Csv.Row last(List<Csv.Row> rows, double rate) {
        return rows.stream().filter(r -> r.num("offered_rate") == rate).reduce((a, b) -> b).orElseThrow();
    }

    /** "kafka 9.0 ms, offline 5.3 ms, ..." : the largest {@code n} entries of a process column. */
    static String topProcesses(Csv.Row r, String column, int n, String unit) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(mapText(r.get(column)).entrySet());
        if (entries.isEmpty()) {
            return Fmt.NONE;
        }
        entries.sort(Comparator.comparingDouble((Map.Entry<String, String> e) -> number(e.getValue())).reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.subList(0, Math.min(n, entries.size()))) {
            parts.add(e.getKey() + " " + Fmt.measured(e.getValue()) + unit);
        }
        return String.join(", ", parts);
    }

    Table targetTable() {
        Table t = new Table(List.of("target (distributed system)", "measured", "reached", "what limits it"),
                List.of(false, false, false, false));
        for (Report.Target target : targets()) {
            t.add(List.of(target.name(), target.measured(), target.reached(), target.limits()));
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // the section

    /**
     * The before run's part of the section, for the template: why there is nothing to compare, or the table
     * ({@code noCommonStep} wins over {@code noCpu}, which wins over the table).
     */
    record BeforePart(String runId, boolean noCommonStep, boolean noCpu, String table) {
    }

    /** The section (template {@code report/cluster.md.mustache}). */
    String markdown() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", TITLE);
        List<Step> steps = steps(in.rows);
        model.put("measured", !steps.isEmpty());
        if (steps.isEmpty()) {
            return Templates.render(Templates.CLUSTER, model);
        }
        boolean hasCpu = distributedRows(in.rows, steps).stream().anyMatch(r -> !r.get("process_cpu_cores").isEmpty());
        model.put("perMessage", hasCpu ? processTable(true).markdown() : null);
        model.put("cores", hasCpu ? processTable(false).markdown() : null);
        if (!in.beforeRunId.isBlank()) {
            boolean noCommonStep = steps.stream().noneMatch(steps(in.beforeRows)::contains);
            boolean beforeHasCpu = distributedRows(in.beforeRows, steps(in.beforeRows)).stream()
                    .anyMatch(r -> !r.get("process_cpu_ms_per_msg").isEmpty());
            boolean noCpu = !noCommonStep && !beforeHasCpu;
            model.put("before", new BeforePart(in.beforeRunId, noCommonStep, noCpu,
                    noCommonStep || noCpu ? null : beforeAfterTable().markdown()));
        }
        Table hops = hopTable();
        model.put("hops", hops.isEmpty() ? null : hops.markdown());
        return Templates.render(Templates.CLUSTER, model);
    }

    /** Whether the run has any distributed step (the section and its link are shown). */
    boolean measured() {
        return !steps(in.rows).isEmpty();
    }
}
