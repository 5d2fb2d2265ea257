package io.xuanxuan.loadgen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The section "Before and after": the key figures of this run next to those of an earlier run (the
 * before of a change), per scenario, parameter set and target, with the ratio this run ÷ before. The
 * baseline is in it too: it did not change between the runs, so its ratio shows how much the machine
 * itself varied.
 */
final class BeforeAfter {

    static final String TITLE = "Before and after";
    static final String ANCHOR = "before-and-after";

    private final ReportInput in;
    private final Report after;
    private final Report before;

    BeforeAfter(ReportInput in) {
        this.in = in;
        this.after = new Report(in);
        ReportInput b = new ReportInput();
        b.runId = in.beforeRunId;
        b.cores = in.cores;
        b.openFileLimit = in.openFileLimit;
        b.rows.putAll(in.beforeRows);
        this.before = new Report(b);
    }

    /** Whether the before run left any row in the result files. */
    boolean beforeMeasured() {
        return in.beforeRows.values().stream().anyMatch(rows -> !rows.isEmpty());
    }

    /** Per parameter set and target: each key figure before, in this run, and this run ÷ before. */
    Table figures(Scenario s) {
        List<String> header = new ArrayList<>(Report.keyHeaders(s));
        header.add("target");
        for (Scenario.Metric m : s.beforeAfter()) {
            header.add(m.label() + " before");
            header.add(m.label() + " this run");
            header.add(m.label() + " this run ÷ before (" + m.direction().text + ")");
        }
        Table t = new Table(header, Report.aligned(s.keyColumns().size() + 1, header.size() - s.keyColumns().size() - 1));
        Map<List<String>, Report.Keyed[]> keys = new LinkedHashMap<>();
        for (Report.Keyed k : before.keyed(s)) {
            keys.computeIfAbsent(k.cells(), c -> new Report.Keyed[2])[0] = k;
        }
        for (Report.Keyed k : after.keyed(s)) {
            keys.computeIfAbsent(k.cells(), c -> new Report.Keyed[2])[1] = k;
        }
        List<Report.Keyed[]> sorted = new ArrayList<>(keys.values());
        sorted.sort((x, y) -> Report.KEY_ORDER.compare(x[0] != null ? x[0] : x[1], y[0] != null ? y[0] : y[1]));
        for (Report.Keyed[] pair : sorted) {
            List<String> cells = (pair[0] != null ? pair[0] : pair[1]).cells();
            for (String kind : kinds(s)) {
                Csv.Row b = pair[0] == null ? null : pair[0].byKind().get(kind);
                Csv.Row a = pair[1] == null ? null : pair[1].byKind().get(kind);
                if (a == null && b == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(cells);
                row.add(kind);
                for (Scenario.Metric m : s.beforeAfter()) {
                    row.add(b == null ? Fmt.NONE : Fmt.measured(b.get(m.column())));
                    row.add(a == null ? Fmt.NONE : Fmt.measured(a.get(m.column())));
                    row.add(a == null || b == null ? Fmt.NONE : Fmt.ratio(a.num(m.column()), b.num(m.column())));
                }
                t.add(row);
            }
        }
        return t;
    }

    /**
     * The best step of each target before and now (one2one and group): what each run could do, also
     * where the two runs offered different rates.
     */
    Table capacity(Scenario s) {
        Scenario.Metric m = s.capacity();
        String group = s.capacityGroupColumn() != null ? s.capacityGroupColumn() : "";
        List<String> header = List.of(group, "target", "best " + m.label() + " before", "best " + m.label() + " this run",
                "this run ÷ before (" + m.direction().text + ")");
        Table t = new Table(header, Report.aligned(2, 3));
        Map<String, List<Csv.Row>> beforeGroups = before.capacityGroups(s);
        Map<String, List<Csv.Row>> afterGroups = after.capacityGroups(s);
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(beforeGroups.keySet()));
        afterGroups.keySet().stream().filter(g -> !groups.contains(g)).forEach(groups::add);
        groups.sort((x, y) -> Double.compare(leadingNumber(x), leadingNumber(y)));
        for (String g : groups) {
            for (String kind : kinds(s)) {
                Csv.Row b = Report.best(beforeGroups.getOrDefault(g, List.of()), kind, m.column());
                Csv.Row a = Report.best(afterGroups.getOrDefault(g, List.of()), kind, m.column());
                if (a == null && b == null) {
                    continue;
                }
                t.add(List.of(g, kind, atRate(b, m), atRate(a, m),
                        a == null || b == null ? Fmt.NONE : Fmt.ratio(a.num(m.column()), b.num(m.column()))));
            }
        }
        return t;
    }

    private static String atRate(Csv.Row r, Scenario.Metric m) {
        return r == null ? Fmt.NONE : Fmt.measured(r.get(m.column())) + " at " + Fmt.num(r.num("offered_rate")) + " msg/s";
    }

    /** "1,000 members" → 1000; text without a leading number sorts last. */
    static double leadingNumber(String text) {
        String digits = text.split(" ", 2)[0].replace(",", "");
        try {
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    /** The targets of either run, baseline first. */
    private List<String> kinds(Scenario s) {
        Set<String> kinds = new LinkedHashSet<>(before.kinds(before.rows(s.name())));
        kinds.addAll(after.kinds(after.rows(s.name())));
        return List.copyOf(kinds);
    }

    /** What changed between the runs, as the user wrote it; the template ends it with a full stop if it has none. */
    record Changes(String text, boolean endsWithStop) {
    }

    /** One scenario's part of the section, for the template: figures and capacity are null when not shown. */
    record ScenarioPart(String title, String name, boolean measuredBefore, boolean measuredAfter, String figures,
                        String capacity) {
    }

    /** The section (template {@code report/before-after.md.mustache}), or "" when no before run was named. */
    String markdown() {
        if (in.beforeRunId.isBlank()) {
            return "";
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", TITLE);
        model.put("runId", in.runId);
        model.put("beforeRunId", in.beforeRunId);
        model.put("dates", dates(in.beforeRows));
        String changes = in.changes.strip();
        model.put("changes", changes.isEmpty() ? null : new Changes(changes, changes.endsWith(".")));
        model.put("resultsDir", in.resultsDir);
        model.put("beforeMeasured", beforeMeasured());
        List<ScenarioPart> scenarios = new ArrayList<>();
        for (Scenario s : Scenario.ALL) {
            boolean measuredBefore = !before.rows(s.name()).isEmpty();
            boolean measuredAfter = !after.rows(s.name()).isEmpty();
            boolean either = measuredBefore || measuredAfter;
            scenarios.add(new ScenarioPart(s.title(), s.name(), measuredBefore, measuredAfter,
                    either ? figures(s).markdown() : null,
                    either && s.capacity() != null ? capacity(s).markdown() : null));
        }
        model.put("scenarios", scenarios);
        return Templates.render(Templates.BEFORE_AFTER, model);
    }

    /** The first and last date of the rows (the same when they agree), or null when no row has a date. */
    record Dates(String first, String last) {
        public boolean range() {
            return !first.equals(last);
        }
    }

    static Dates dates(Map<String, List<Csv.Row>> rows) {
        List<String> dates = rows.values().stream().flatMap(List::stream).map(r -> r.get("date"))
                .filter(d -> !d.isEmpty()).sorted().toList();
        return dates.isEmpty() ? null : new Dates(dates.get(0), dates.get(dates.size() - 1));
    }
}
