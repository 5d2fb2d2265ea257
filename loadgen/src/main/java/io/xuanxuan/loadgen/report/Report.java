package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark report (Markdown) of one run: this run next to an earlier one ({@link BeforeAfter}), the
 * targets of issue 11 ({@link DeliveryTargets}) and of issue 6, machine, versions, one section per scenario
 * comparing the standalone server and the distributed system with the baseline, where the time goes (JFR
 * summaries) and notes.
 */
final class Report {

    static final double TARGET_SESSIONS = 50_000;
    static final double TARGET_HEAP_MB = 1024;
    static final double TARGET_RATE = 2_000;
    static final double TARGET_P99_MS = 50;
    static final double TARGET_FANOUT_RATIO = 0.5;
    static final double TARGET_STORM_SESSIONS = 10_000;
    static final double TARGET_STORM_SECONDS = 20;

    static final String YES = "yes";
    static final String NO = "no";
    static final String NOT_MEASURED = "not measured";
    static final String NOT_SHOWN = "not shown (upper bound only)";

    private static final Pattern BACKLOG = Pattern.compile("([\\w.\\-]+)/([\\w.\\-]+)=(\\d+)");

    private final ReportInput in;

    Report(ReportInput in) {
        this.in = in;
    }

    // ---------------------------------------------------------------------------------------------
    // rows

    /** The rows of one parameter set: its key values, its label cells, the row of each target kind. */
    record Keyed(List<Double> nums, List<String> cells, Map<String, Csv.Row> byKind) {
    }

    List<Csv.Row> rows(String scenario) {
        return in.rows.getOrDefault(scenario, List.of());
    }

    static String kind(Csv.Row row) {
        String k = row.get("target_kind").toLowerCase(Locale.ROOT);
        return k.isEmpty() ? "unknown" : k;
    }

    /** baseline, standalone, distributed, then any other kind present (external, ...). */
    List<String> kinds(List<Csv.Row> rows) {
        Set<String> kinds = new LinkedHashSet<>(Scenario.KINDS);
        rows.forEach(r -> kinds.add(kind(r)));
        return List.copyOf(kinds);
    }

    /** Rows grouped by parameter set (the scenario's key columns), sorted; the last row of a kind wins. */
    List<Keyed> keyed(Scenario s) {
        Map<List<String>, Keyed> groups = new LinkedHashMap<>();
        for (Csv.Row row : rows(s.name())) {
            List<Double> nums = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            boolean any = false;
            for (String column : s.keyColumns()) {
                double v = row.num(column);
                nums.add(v);
                cells.add(Fmt.num(v));
                any |= !Double.isNaN(v);
            }
            if (!any) {
                cells.set(0, row.get("params").isEmpty() ? "(no parameters)" : row.get("params"));
            }
            groups.computeIfAbsent(cells, c -> new Keyed(nums, cells, new LinkedHashMap<>()))
                    .byKind().put(kind(row), row);
        }
        List<Keyed> sorted = new ArrayList<>(groups.values());
        sorted.sort(KEY_ORDER);
        return sorted;
    }

    static final Comparator<Keyed> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.nums().size(); i++) {
            double x = a.nums().get(i);
            double y = b.nums().get(i);
            if (Double.isNaN(x) != Double.isNaN(y)) {
                return Double.isNaN(x) ? 1 : -1;
            }
            int c = Double.compare(x, y);
            if (c != 0 && !Double.isNaN(x)) {
                return c;
            }
        }
        return String.join(",", a.cells()).compareTo(String.join(",", b.cells()));
    };

    static List<String> keyHeaders(Scenario s) {
        List<String> headers = new ArrayList<>();
        for (String column : s.keyColumns()) {
            headers.add(switch (column) {
                case "offered_rate" -> "offered msg/s";
                default -> column;
            });
        }
        return headers;
    }

    static List<Boolean> aligned(int left, int right) {
        List<Boolean> a = new ArrayList<>(Collections.nCopies(left, false));
        a.addAll(Collections.nCopies(right, true));
        return a;
    }

    // ---------------------------------------------------------------------------------------------
    // tables

    /** Compared figures per parameter set: the value of every kind, and every kind's value ÷ baseline. */
    Table comparison(Scenario s) {
        List<String> kinds = kinds(rows(s.name()));
        List<String> header = new ArrayList<>(keyHeaders(s));
        for (Scenario.Metric m : s.compared()) {
            for (String k : kinds) {
                header.add(m.label() + " " + k);
            }
            for (String k : kinds) {
                if (!k.equals("baseline")) {
                    header.add(m.label() + " " + k + " ÷ baseline (" + m.direction().text + ")");
                }
            }
        }
        Table t = new Table(header, aligned(s.keyColumns().size(), header.size()));
        for (Keyed key : keyed(s)) {
            List<String> cells = new ArrayList<>(key.cells());
            Csv.Row base = key.byKind().get("baseline");
            for (Scenario.Metric m : s.compared()) {
                for (String k : kinds) {
                    Csv.Row r = key.byKind().get(k);
                    cells.add(r == null ? Fmt.NONE : Fmt.measured(r.get(m.column())));
                }
                for (String k : kinds) {
                    if (!k.equals("baseline")) {
                        Csv.Row r = key.byKind().get(k);
                        cells.add(r == null || base == null ? Fmt.NONE : Fmt.ratio(r.num(m.column()), base.num(m.column())));
                    }
                }
            }
            t.add(cells);
        }
        return t;
    }

    /** The best step of each kind (the capacity: most msg/s or deliveries/s), per member count for groups. */
    Table capacity(Scenario s) {
        Scenario.Metric m = s.capacity();
        List<String> kinds = kinds(rows(s.name()));
        List<String> header = new ArrayList<>();
        header.add(s.capacityGroupColumn() != null ? s.capacityGroupColumn() : "");
        for (String k : kinds) {
            header.add("best " + m.label() + " " + k);
        }
        for (String k : kinds) {
            if (!k.equals("baseline")) {
                header.add(k + " ÷ baseline (" + m.direction().text + ")");
            }
        }
        header.add("remark");
        Table t = new Table(header, aligned(1, header.size() - 2));
        for (Map.Entry<String, List<Csv.Row>> group : capacityGroups(s).entrySet()) {
            List<String> cells = new ArrayList<>();
            cells.add(group.getKey());
            Map<String, Csv.Row> best = new LinkedHashMap<>();
            for (String k : kinds) {
                Csv.Row b = best(group.getValue(), k, m.column());
                best.put(k, b);
                cells.add(b == null ? Fmt.NONE
                        : Fmt.measured(b.get(m.column())) + " at " + Fmt.num(b.num("offered_rate")) + " msg/s");
            }
            Csv.Row base = best.get("baseline");
            for (String k : kinds) {
                if (!k.equals("baseline")) {
                    Csv.Row b = best.get(k);
                    cells.add(b == null || base == null ? Fmt.NONE : Fmt.ratio(b.num(m.column()), base.num(m.column())));
                }
            }
            cells.add(base != null && keptUpAtTop(s, group.getValue(), base)
                    ? "the baseline kept up with its highest offered rate: its capacity is higher, the ratios are upper bounds"
                    : "");
            t.add(cells);
        }
        return t;
    }

    /** The rows of a messaging scenario by capacity group (members for group chats; one group otherwise). */
    Map<String, List<Csv.Row>> capacityGroups(Scenario s) {
        Map<String, List<Csv.Row>> groups = new LinkedHashMap<>();
        List<Csv.Row> rows = new ArrayList<>(rows(s.name()));
        if (s.capacityGroupColumn() != null) {
            rows.sort(Comparator.comparingDouble(r -> nanLast(r.num(s.capacityGroupColumn()))));
        }
        for (Csv.Row r : rows) {
            String key = s.capacityGroupColumn() == null ? "all steps"
                    : Fmt.num(r.num(s.capacityGroupColumn())) + " " + s.capacityGroupColumn();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static double nanLast(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }

    /** The row of this kind with the highest value in {@code column}, or null. */
    static Csv.Row best(List<Csv.Row> rows, String kind, String column) {
        Csv.Row best = null;
        for (Csv.Row r : rows) {
            if (kind(r).equals(kind) && r.has(column) && (best == null || r.num(column) > best.num(column))) {
                best = r;
            }
        }
        return best;
    }

    /** Whether {@code row} is the highest offered rate of its kind and delivered (almost) all that was offered. */
    static boolean keptUpAtTop(Scenario s, List<Csv.Row> rows, Csv.Row row) {
        double top = rows.stream().filter(r -> kind(r).equals(kind(row))).mapToDouble(r -> r.num("offered_rate"))
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        double offered = row.num("offered_rate");
        if (Double.isNaN(offered) || offered < top) {
            return false;
        }
        double fanout = s.name().equals("group") && row.has("members") ? row.num("members") - 1 : 1;
        return row.num(s.capacity().column()) >= 0.95 * offered * fanout;
    }

    /** Every headline figure of every row: parameter set × kind. */
    Table details(Scenario s) {
        List<Csv.Row> rows = rows(s.name());
        List<Scenario.Metric> metrics = s.details().stream()
                .filter(m -> !s.keyColumns().contains(m.column()))
                .filter(m -> rows.stream().anyMatch(r -> !r.get(m.column()).isEmpty()))
                .toList();
        boolean notes = rows.stream().anyMatch(r -> !r.get("note").isEmpty());
        List<String> header = new ArrayList<>(keyHeaders(s));
        header.add("target");
        metrics.forEach(m -> header.add(m.label()));
        if (notes) {
            header.add("note");
        }
        List<Boolean> align = aligned(s.keyColumns().size() + 1, metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).column().equals("bus_backlog_at_window_end") || metrics.get(i).column().equals("break_reason")) {
                align.set(s.keyColumns().size() + 1 + i, false);
            }
        }
        Table t = new Table(header, align);
        for (Keyed key : keyed(s)) {
            for (String k : kinds(rows)) {
                Csv.Row r = key.byKind().get(k);
                if (r == null) {
                    continue;
                }
                List<String> cells = new ArrayList<>(key.cells());
                cells.add(k);
                for (Scenario.Metric m : metrics) {
                    cells.add(Fmt.measured(r.get(m.column())));
                }
                if (notes) {
                    cells.add(r.get("note"));
                }
                t.add(cells);
            }
        }
        return t;
    }

    /** What limits the figures of a scenario, from the metrics in its rows (CPU, bus backlog, losses, limits). */
    List<String> limits(Scenario s) {
        List<String> lines = new ArrayList<>();
        List<Csv.Row> rows = rows(s.name());
        for (String k : kinds(rows)) {
            if (s.capacity() != null) {
                for (Map.Entry<String, List<Csv.Row>> group : capacityGroups(s).entrySet()) {
                    Csv.Row top = best(group.getValue(), k, s.capacity().column());
                    Csv.Row highest = highest(group.getValue(), k, "offered_rate");
                    if (top == null) {
                        continue;
                    }
                    Map<String, Object> model = new HashMap<>();
                    model.put("kind", k);
                    model.put("group", s.capacityGroupColumn() == null ? null : group.getKey());
                    model.put("offered", Fmt.num(top.num("offered_rate")));
                    model.put("limits", stepLimits(top, highest));
                    lines.add(Templates.inline("targets/limit-line", model));
                }
            } else {
                Csv.Row largest = highest(rows, k, s.keyColumns().get(0));
                if (largest != null) {
                    Map<String, Object> model = new HashMap<>();
                    model.put("kind", k);
                    model.put("largest", Fmt.num(largest.num(s.keyColumns().get(0))));
                    model.put("column", s.keyColumns().get(0));
                    model.put("limits", limitText(largest));
                    model.put("openFileLimit", s.name().equals("sessions") && in.openFileLimit > 0 ? Fmt.num(in.openFileLimit) : null);
                    model.put("bcrypt", largest.has("bcrypt_strength") ? Fmt.num(largest.num("bcrypt_strength")) : null);
                    lines.add(Templates.inline("targets/limit-line", model));
                }
            }
        }
        for (ReportInput.Profile p : in.profiles) {
            if (p.label().toLowerCase(Locale.ROOT).contains(s.name())) {
                lines.add(Templates.inline("targets/limit-line", Map.of("profile", p.label())));
            }
        }
        return lines;
    }

    /** What limits the best step, and the highest offered rate if that is another step (template {@code targets/limits}). */
    String stepLimits(Csv.Row top, Csv.Row highest) {
        Map<String, Object> model = limitModel(top);
        if (highest != null && highest != top) {
            model.put("highest", Map.of("rate", Fmt.num(highest.num("offered_rate")), "limits", limitText(highest)));
        }
        return Templates.inline("targets/limits", model);
    }

    static Csv.Row highest(List<Csv.Row> rows, String kind, String column) {
        return best(rows, kind, column);
    }

    /** What limits a step, read from its row: CPU, bus backlog, losses (template {@code targets/limits}). */
    String limitText(Csv.Row r) {
        return Templates.inline("targets/limits", limitModel(r));
    }

    /** The server's CPU in a step, for the template: the figures in cores, the verdict as one flag. */
    record Cpu(String processes, String cores, String most, String loadgen, String machineCores, boolean cpuBound,
               String otherCores, boolean notCpuBound) {
    }

    /** The bus backlog of a step: the topic and group that queued most ({@code queue} null: none). */
    record Backlog(String when, String count, String queue, String consumer) {
    }

    /**
     * One clause of what limits a step, a map of one entry named for its kind (cpu, idle, backlog, broke, missing,
     * failures, heap: the template's sections); {@code first} tells the template where not to put a separator.
     */
    record Listed(boolean first, Map<String, Object> part) {
    }

    private Map<String, Object> limitModel(Csv.Row r) {
        List<Map<String, Object>> parts = new ArrayList<>();
        double cores = r.has("cores") ? r.num("cores") : in.cores;
        double server = r.num("server_cpu_cores");
        double loadgen = r.num("loadgen_cpu_cores");
        int processes = ClusterCost.mapText(r.get("process_cpu_cores")).size();
        boolean system = processes > 1 && r.has("cpu_total_cores");
        if (system) {
            // a system of several processes: all of them, not the one the load generator talks to
            server = r.num("cpu_total_cores");
        }
        if (!Double.isNaN(server)) {
            boolean cpuBound = false;
            String otherCores = null;
            boolean notCpuBound = false;
            if (cores > 0) {
                double used = server + (Double.isNaN(loadgen) ? 0 : loadgen);
                double other = r.num("other_cpu_cores");
                if (used >= 0.85 * cores) {
                    cpuBound = true;
                } else if (other > 0.25 && used + other >= 0.85 * cores) {
                    // the cores were used up, but not by the measured processes: a busy machine, not this system's limit
                    otherCores = Fmt.fixed(other, 2);
                } else {
                    notCpuBound = true;
                }
            }
            parts.add(Map.of("cpu", new Cpu(system ? String.valueOf(processes) : null, Fmt.fixed(server, 2),
                    system ? ClusterCost.topProcesses(r, "process_cpu_cores", 3, "") : null,
                    Double.isNaN(loadgen) ? null : Fmt.fixed(loadgen, 2), cores > 0 ? Fmt.num(cores) : null, cpuBound,
                    otherCores, notCpuBound)));
        }
        if (r.has("idle_cpu_cores")) {
            parts.add(Map.of("idle", Fmt.num(r.num("idle_cpu_cores"))));
        }
        String backlog = r.get("bus_backlog_at_window_end");
        String when = "at the window's end";
        if (backlog.isEmpty() && !r.get("bus_backlog_after").isEmpty()) {
            backlog = r.get("bus_backlog_after"); // the flush: no window, a backlog left when it ended
            when = "after the run";
        }
        Matcher matcher = BACKLOG.matcher(backlog);
        String worst = null;
        long worstCount = 0;
        while (matcher.find()) {
            long n = Long.parseLong(matcher.group(3));
            if (n > worstCount) {
                worstCount = n;
                worst = matcher.group(1) + "/" + matcher.group(2);
            }
        }
        if (worst != null) {
            parts.add(Map.of("backlog", new Backlog(when, Fmt.num(worstCount), worst, consumer(worst))));
        } else if (!backlog.isEmpty()) {
            parts.add(Map.of("backlog", new Backlog(when, null, null, null)));
        }
        if (!r.get("break_reason").isEmpty()) {
            parts.add(Map.of("broke", r.get("break_reason")));
        }
        if (r.num("missing") > 0) {
            parts.add(Map.of("missing", Fmt.num(r.num("missing"))));
        }
        if (r.num("failures") > 0) {
            parts.add(Map.of("failures", Fmt.num(r.num("failures"))));
        }
        if (r.has("server_heap_peak_mb")) {
            parts.add(Map.of("heap", Fmt.num(r.num("server_heap_peak_mb"))));
        }
        List<Listed> list = new ArrayList<>();
        parts.forEach(part -> list.add(new Listed(list.isEmpty(), part)));
        Map<String, Object> model = new HashMap<>();
        model.put("parts", list);
        return model;
    }

    static String consumer(String topicAndGroup) {
        if (topicAndGroup.startsWith("xx.commands.chat")) {
            return "the chat service (checking and storing messages)";
        }
        if (topicAndGroup.startsWith("xx.commands.offline")) {
            return "the offline service (its queues: offline messages, the delivery log)";
        }
        if (topicAndGroup.startsWith("xx.events.message")) {
            return "the consumer of message events (delivery log, live fan-out)";
        }
        if (topicAndGroup.startsWith("xx.sync")) {
            return "the login sync (messages above each member's cursor)";
        }
        if (topicAndGroup.startsWith("xx.cursors")) {
            return "the cursor batches (one max() statement per batch)";
        }
        if (topicAndGroup.startsWith("xx.commands.presence")) {
            return "the presence service (logins, user lists)";
        }
        if (topicAndGroup.startsWith("xx.deliveries")) {
            return "the gateways (pushing frames to the connections)";
        }
        return "its consumer";
    }

    // ---------------------------------------------------------------------------------------------
    // targets

    /** One target: what it asks, what was measured, reached or not, and what limits it (may be empty). */
    record Target(String name, String measured, String reached, String limits) {

        Target(String name, String measured, String reached) {
            this(name, measured, reached, "");
        }
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(sessionsTarget());
        targets.add(latencyTarget());
        targets.addAll(fanoutTargets());
        targets.add(stormTarget());
        return targets;
    }

    private List<Csv.Row> standalone(String scenario) {
        return rows(scenario).stream().filter(r -> kind(r).equals("standalone")).toList();
    }

    Target sessionsTarget() {
        String name = "50,000 idle sessions in at most 1 GiB heap";
        Csv.Row r = highest(standalone("sessions").stream().filter(x -> x.has("heap_after_mb") || x.has("heap_per_session_kb")).toList(),
                "standalone", "sessions");
        if (r == null) {
            return new Target(name, NOT_MEASURED, NOT_MEASURED);
        }
        double n = r.num("sessions");
        double before = r.num("heap_before_mb");
        double after = r.num("heap_after_mb");
        double perKb = r.has("heap_per_session_kb") ? r.num("heap_per_session_kb")
                : (after - before) * 1024 / n;
        Map<String, Object> model = new HashMap<>();
        model.put("sessions", Fmt.num(n));
        model.put("perKb", Fmt.num(perKb));
        model.put("after", Double.isNaN(after) ? null : Fmt.num(after));
        model.put("failures", r.num("failures") > 0 ? Fmt.num(r.num("failures")) : null);
        if (n >= TARGET_SESSIONS && !Double.isNaN(after)) {
            boolean ok = after <= TARGET_HEAP_MB && !(r.num("failures") > 0);
            model.put("measured", true);
            return new Target(name, Templates.inline("targets/issue6-sessions", model), ok ? YES : NO);
        }
        double estimate = (Double.isNaN(before) ? 0 : before) + perKb * TARGET_SESSIONS / 1024;
        if (Double.isNaN(estimate)) {
            model.put("noHeap", true);
            return new Target(name, Templates.inline("targets/issue6-sessions", model), NOT_MEASURED);
        }
        model.put("extrapolated", true);
        model.put("openFileLimit", in.openFileLimit > 0 ? Fmt.num(in.openFileLimit) : null);
        model.put("before", Fmt.num(before));
        model.put("estimate", Fmt.num(estimate));
        boolean ok = estimate <= TARGET_HEAP_MB && !(r.num("failures") > 0);
        return new Target(name, Templates.inline("targets/issue6-sessions", model), (ok ? YES : NO) + " (extrapolated)");
    }

    /** A step of the 1:1 scenario, for the template {@code targets/issue6-latency}. */
    record OfferedStep(String rate, String p99, String delivered, String missing) {
        static OfferedStep of(Csv.Row r) {
            return new OfferedStep(Fmt.num(r.num("offered_rate")), Fmt.num(r.num("p99_ms")), Fmt.num(r.num("msgs_per_s")),
                    Fmt.num(r.num("missing")));
        }
    }

    Target latencyTarget() {
        String name = "1:1 messages: p99 end-to-end under 50 ms at 2,000 msg/s";
        List<Csv.Row> rows = standalone("one2one");
        if (rows.isEmpty()) {
            return new Target(name, NOT_MEASURED, NOT_MEASURED);
        }
        Csv.Row at = rows.stream().filter(r -> Math.abs(r.num("offered_rate") - TARGET_RATE) <= TARGET_RATE * 0.01)
                .reduce((a, b) -> b).orElse(null);
        Csv.Row bestOk = rows.stream()
                .filter(r -> r.has("offered_rate") && r.num("p99_ms") < TARGET_P99_MS && !(r.num("missing") > 0))
                .max(Comparator.comparingDouble(r -> r.num("offered_rate")))
                .orElse(null);
        Map<String, Object> model = new HashMap<>();
        model.put("none", Fmt.NONE);
        model.put("bestOk", bestOk == null ? null : OfferedStep.of(bestOk));
        if (at == null) {
            Csv.Row top = highest(rows, "standalone", "offered_rate");
            model.put("top", top == null ? null : OfferedStep.of(top));
            return new Target(name, Templates.inline("targets/issue6-latency", model), NOT_MEASURED);
        }
        boolean ok = at.num("p99_ms") < TARGET_P99_MS && !(at.num("missing") > 0);
        model.put("at", OfferedStep.of(at));
        String measured = Templates.inline("targets/issue6-latency", model);
        return new Target(name, measured, Double.isNaN(at.num("p99_ms")) ? NOT_MEASURED : ok ? YES : NO);
    }

    List<Target> fanoutTargets() {
        Scenario group = Scenario.ALL.stream().filter(s -> s.name().equals("group")).findFirst().orElseThrow();
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, List<Csv.Row>> g : capacityGroups(group).entrySet()) {
            String name = "group fan-out (" + g.getKey() + "): at least half of the baseline's deliveries/s";
            Csv.Row s = best(g.getValue(), "standalone", "deliveries_per_s");
            Csv.Row b = best(g.getValue(), "baseline", "deliveries_per_s");
            if (s == null || b == null) {
                targets.add(new Target(name, DeliveryTargets.notMeasured(s == null ? "standalone" : "baseline"), NOT_MEASURED));
                continue;
            }
            double ratio = Fmt.ratioValue(s.num("deliveries_per_s"), b.num("deliveries_per_s"));
            Map<String, Object> model = new HashMap<>();
            model.put("standalone", DeliveryTargets.Best.of(s, "deliveries_per_s"));
            model.put("baseline", DeliveryTargets.Best.of(b, "deliveries_per_s"));
            model.put("ratio", Fmt.ratio(s.num("deliveries_per_s"), b.num("deliveries_per_s")));
            String reached = Double.isNaN(ratio) ? NOT_MEASURED : ratio >= TARGET_FANOUT_RATIO ? YES : NO;
            if (keptUpAtTop(group, g.getValue(), b)) {
                // the baseline delivered all it was offered: its capacity is higher, the ratio an upper bound
                model.put("baselineKeptUp", true);
                if (YES.equals(reached)) {
                    reached = NOT_SHOWN;
                    model.put("notShown", true);
                }
            }
            targets.add(new Target(name, Templates.inline("targets/issue6-fanout", model), reached));
        }
        if (targets.isEmpty()) {
            targets.add(new Target("group fan-out: at least half of the baseline's deliveries/s", NOT_MEASURED, NOT_MEASURED));
        }
        return targets;
    }

    Target stormTarget() {
        String name = "login storm: 10,000 reconnects in under 20 s";
        List<Csv.Row> rows = standalone("logins").stream().filter(r -> r.has("storm_seconds")).toList();
        if (rows.isEmpty()) {
            return new Target(name, NOT_MEASURED, NOT_MEASURED);
        }
        Csv.Row at = rows.stream().filter(r -> r.num("sessions") == TARGET_STORM_SESSIONS).reduce((a, b) -> b).orElse(null);
        if (at != null) {
            boolean ok = at.num("storm_seconds") < TARGET_STORM_SECONDS && !(at.num("failures") > 0);
            Map<String, Object> step = new HashMap<>();
            step.put("seconds", Fmt.num(at.num("storm_seconds")));
            step.put("loginsPerSecond", Fmt.num(at.num("storm_logins_per_s")));
            step.put("failures", Fmt.num(at.num("failures")));
            return new Target(name, Templates.inline("targets/issue6-storm", Map.of("at", step)), ok ? YES : NO);
        }
        Csv.Row largest = highest(rows, "standalone", "sessions");
        double n = largest.num("sessions");
        double seconds = largest.num("storm_seconds");
        // every login pushes to every other online user and sends the whole user list: the storm's work grows
        // with N², and so does the extrapolation (the linear one is a lower bound)
        double linear = seconds * TARGET_STORM_SESSIONS / n;
        double estimate = seconds * (TARGET_STORM_SESSIONS / n) * (TARGET_STORM_SESSIONS / n);
        boolean ok = estimate < TARGET_STORM_SECONDS && !(largest.num("failures") > 0);
        Map<String, Object> step = new HashMap<>();
        step.put("seconds", Fmt.num(seconds));
        step.put("sessions", Fmt.num(n));
        step.put("failures", Fmt.num(largest.num("failures")));
        step.put("estimate", Fmt.num(estimate));
        step.put("linear", Fmt.num(linear));
        return new Target(name, Templates.inline("targets/issue6-storm", Map.of("largest", step)), (ok ? YES : NO) + " (extrapolated)");
    }

    Table targetTable() {
        Table t = new Table(List.of("target (standalone server)", "measured", "reached"), List.of(false, false, false));
        for (Target target : targets()) {
            t.add(List.of(target.name(), target.measured(), target.reached()));
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // the document

    /** A result file and how many rows of this run it holds, for the template; {@code first} for its commas. */
    record ResultFile(String dir, String name, int rows, boolean first) {
        public boolean one() {
            return rows == 1;
        }
    }

    /** One scenario's part of the results, for the template. */
    record ScenarioPart(String title, String name, String measures, boolean measured, String comparison,
                        String capacity, String details, List<String> limits) {
        public boolean hasLimits() {
            return !limits.isEmpty();
        }
    }

    /** A result file this report does not know, for the template. */
    record OtherPart(String name, String table) {
    }

    /**
     * A profile for the template: its summary (without the final line break, which the template writes), or
     * why it could not be read.
     */
    record ProfilePart(String summary, String label, String path, String error) {
    }

    String markdown() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("date", in.date);
        model.put("command", in.command);
        model.put("runId", in.runId);
        model.put("mode", in.mode.isEmpty() ? null : in.mode);
        List<ResultFile> results = new ArrayList<>();
        in.rows.forEach((name, rows) -> results.add(new ResultFile(in.resultsDir, name, rows.size(), results.isEmpty())));
        model.put("results", results);
        String beforeAfter = new BeforeAfter(in).markdown();
        ClusterCost cluster = new ClusterCost(this, in);
        model.put("hasBeforeAfter", !beforeAfter.isEmpty());
        model.put("beforeAfterTitle", BeforeAfter.TITLE);
        model.put("beforeAfterAnchor", BeforeAfter.ANCHOR);
        model.put("beforeAfter", beforeAfter);
        model.put("targets", targetsSection());
        model.put("clusterMeasured", cluster.measured());
        model.put("clusterAnchor", ClusterCost.ANCHOR);
        model.put("cluster", cluster.measured() ? cluster.markdown() : "");
        model.put("machine", facts(in.machine));
        model.put("versions", facts(in.versions));

        List<ScenarioPart> scenarios = new ArrayList<>();
        for (Scenario s : Scenario.ALL) {
            String measures = s.measures().substring(0, 1).toUpperCase(Locale.ROOT) + s.measures().substring(1);
            if (rows(s.name()).isEmpty()) {
                scenarios.add(new ScenarioPart(s.title(), s.name(), measures, false, null, null, null, List.of()));
                continue;
            }
            scenarios.add(new ScenarioPart(s.title(), s.name(), measures, true, comparison(s).markdown(),
                    s.capacity() != null ? capacity(s).markdown() : null, details(s).markdown(), limits(s)));
        }
        model.put("scenarios", scenarios);
        List<OtherPart> others = new ArrayList<>();
        for (Map.Entry<String, List<Csv.Row>> other : in.rows.entrySet()) {
            if (Scenario.ALL.stream().noneMatch(s -> s.name().equals(other.getKey())) && !other.getValue().isEmpty()) {
                others.add(new OtherPart(other.getKey(), generic(other.getValue()).markdown()));
            }
        }
        model.put("others", others);

        List<ProfilePart> profiles = new ArrayList<>();
        for (ReportInput.Profile p : in.profiles) {
            profiles.add(p.summary() != null
                    ? new ProfilePart(withoutFinalLineBreak(p.summary().markdown(p.label(), "###")), null, null, null)
                    : new ProfilePart(null, p.label(), String.valueOf(p.path()), String.valueOf(p.error())));
        }
        model.put("profiles", profiles);
        model.put("notes", in.notes.isBlank() ? null : in.notes.strip());
        return Templates.render(Templates.REPORT, model);
    }

    private static String withoutFinalLineBreak(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Issue 11's targets (what the current work is measured against), then issue 6's. */
    String targetsSection() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("clusterTitle", ClusterCost.TITLE);
        model.put("clusterAnchor", ClusterCost.ANCHOR);
        model.put("clusterTargets", new ClusterCost(this, in).targetTable().markdown());
        model.put("deliveryTargets", new DeliveryTargets(this).table().markdown());
        model.put("issue6Targets", targetTable().markdown());
        return Templates.render(Templates.TARGETS, model);
    }

    /** The facts as a table, or null when there are none (the template says "Unknown."). */
    private static String facts(List<ReportInput.Fact> facts) {
        if (facts.isEmpty()) {
            return null;
        }
        Table t = new Table(List.of("", ""), List.of(false, false));
        facts.forEach(f -> t.add(List.of(f.label(), f.value())));
        return t.markdown();
    }

    /** A result file this report does not know: every column of every row. */
    static Table generic(List<Csv.Row> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.values().forEach((c, v) -> {
            if (!v.isBlank() && !Set.of("date", "run", "cores").contains(c)) {
                columns.add(c);
            }
        }));
        Table t = new Table(List.copyOf(columns), Collections.nCopies(columns.size(), false));
        for (Csv.Row r : rows) {
            t.add(columns.stream().map(r::get).toList());
        }
        return t;
    }
}
