package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on the hand-made result files under src/test/resources/report (run r1, and r2 for other cases). */
class ReportTest {

    private ReportInput input;

    static Path fixtures() throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/report/one2one.csv").toURI()).getParent();
    }

    static ReportInput input(String run) throws Exception {
        ReportInput in = new ReportInput();
        in.runId = run;
        in.cores = 2;
        in.openFileLimit = 20000;
        ReportMain.readRows(fixtures(), run, in);
        return in;
    }

    static Scenario scenario(String name) {
        return Scenario.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @BeforeEach
    void setUp() throws Exception {
        input = input("r1");
    }

    @Test
    void readsOnlyTheRowsOfTheRun() {
        assertThat(input.rows.get("one2one")).hasSize(11);
        assertThat(input.rows.get("sessions")).hasSize(2);
        assertThat(input.rows.get("one2one")).noneMatch(r -> r.get("note").equals("older run"));
    }

    @Test
    void comparesWithTheBaselineAndSaysWhichWayIsBetter() {
        Table t = new Report(input).comparison(scenario("one2one"));
        List<String> at200 = t.row("200");
        assertThat(t.cell(at200, "msg/s delivered baseline")).isEqualTo("200");
        assertThat(t.cell(at200, "msg/s delivered standalone ÷ baseline (higher is better)")).isEqualTo("1.00×");
        // 12 / 3.9
        assertThat(t.cell(at200, "p99 ms standalone ÷ baseline (lower is better)")).isEqualTo("3.08×");
        assertThat(t.cell(at200, "p99 ms distributed ÷ baseline (lower is better)")).isEqualTo("7.69×");
        List<String> at500 = t.row("500");
        assertThat(t.cell(at500, "msg/s delivered distributed ÷ baseline (higher is better)")).isEqualTo("0.60×");
        assertThat(t.cell(at500, "msg/s delivered standalone ÷ baseline (higher is better)")).isEqualTo("0.96×");
        // rows sorted by offered rate, numerically
        assertThat(t.rows.stream().map(r -> r.get(0)).toList()).containsExactly("200", "500", "1,000", "2,000", "3,000");
    }

    @Test
    void noBaselineOrNoTargetGivesADashNotANumber() {
        Table t = new Report(input).comparison(scenario("one2one"));
        List<String> at3000 = t.row("3,000");
        assertThat(t.cell(at3000, "msg/s delivered standalone")).isEqualTo("640");
        assertThat(t.cell(at3000, "msg/s delivered baseline")).isEqualTo("–");
        assertThat(t.cell(at3000, "msg/s delivered standalone ÷ baseline (higher is better)")).isEqualTo("–");
        assertThat(t.cell(at3000, "p99 ms distributed ÷ baseline (lower is better)")).isEqualTo("–");

        Table flush = new Report(input).comparison(scenario("flush"));
        List<String> row = flush.row("5,000");
        assertThat(flush.cell(row, "flush s standalone")).isEqualTo("10");
        assertThat(flush.cell(row, "flush s baseline")).isEqualTo("–");
        assertThat(flush.cell(row, "flush s standalone ÷ baseline (lower is better)")).isEqualTo("–");

        Table group = new Report(input).comparison(scenario("group"));
        List<String> g = group.rows.stream().filter(r -> r.get(0).equals("100") && r.get(1).equals("10")).findFirst().orElseThrow();
        assertThat(group.cell(g, "deliveries/s standalone")).isEqualTo("990");
        assertThat(group.cell(g, "deliveries/s standalone ÷ baseline (higher is better)")).isEqualTo("–");
    }

    @Test
    void capacityComparesTheBestStepsAndFlagsAnUnsaturatedBaseline() {
        Table t = new Report(input).capacity(scenario("group"));
        List<String> g100 = t.row("100 members");
        assertThat(t.cell(g100, "best deliveries/s baseline")).isEqualTo("9,900 at 100 msg/s");
        assertThat(t.cell(g100, "best deliveries/s standalone")).isEqualTo("1,121 at 20 msg/s");
        assertThat(t.cell(g100, "standalone ÷ baseline (higher is better)")).isEqualTo("0.11×");
        assertThat(t.cell(g100, "remark")).contains("upper bounds");
        List<String> g1000 = t.row("1,000 members");
        assertThat(t.cell(g1000, "standalone ÷ baseline (higher is better)")).isEqualTo("–");
        assertThat(t.cell(g1000, "remark")).isEmpty();

        Table one = new Report(input).capacity(scenario("one2one"));
        List<String> all = one.row("all steps");
        assertThat(one.cell(all, "best msg/s delivered standalone")).isEqualTo("800 at 1,000 msg/s");
        assertThat(one.cell(all, "standalone ÷ baseline (higher is better)")).isEqualTo("0.40×");
    }

    @Test
    void targetsOfRunOne() {
        Report report = new Report(input);

        Report.Target sessions = report.sessionsTarget();
        // 40 MB + 12.4 KB × 50,000 / 1024 = 645.5 MB
        assertThat(sessions.measured()).contains("extrapolation from 5,000 sessions").contains("20,000").contains("= 645 MB");
        assertThat(sessions.reached()).isEqualTo("yes (extrapolated)");

        Report.Target latency = report.latencyTarget();
        assertThat(latency.measured()).startsWith("p99 5,000 ms at 2,000 msg/s").contains("3 missing")
                .contains("highest offered rate with p99 < 50 ms and nothing missing: 500 msg/s");
        assertThat(latency.reached()).isEqualTo("no");

        List<Report.Target> fanout = report.fanoutTargets();
        assertThat(fanout).hasSize(2);
        assertThat(fanout.get(0).name()).contains("100 members");
        assertThat(fanout.get(0).measured()).contains("1,121").contains("9,900").contains("= 0.11×").contains("not saturated");
        assertThat(fanout.get(0).reached()).isEqualTo("no");
        assertThat(fanout.get(1).name()).contains("1,000 members");
        assertThat(fanout.get(1).reached()).isEqualTo("not measured");

        Report.Target storm = report.stormTarget();
        // 3.0 s for 2,000 → 3 × 5² = 75 s for 10,000 (the login traffic grows with N²; linearly 15 s)
        assertThat(storm.measured()).contains("3 s for 2,000 reconnects").contains("largest N measured")
                .contains(": 75 s").contains("lower bound: 15 s");
        assertThat(storm.reached()).isEqualTo("no (extrapolated)");
    }

    @Test
    void targetsOfRunTwo() throws Exception {
        Report report = new Report(input("r2"));
        // 40 MB + 25 KB × 50,000 / 1024 = 1,261 MB > 1 GiB
        assertThat(report.sessionsTarget().measured()).contains("= 1,261 MB");
        assertThat(report.sessionsTarget().reached()).isEqualTo("no (extrapolated)");
        assertThat(report.stormTarget().measured()).startsWith("25 s for 10,000 reconnects");
        assertThat(report.stormTarget().reached()).isEqualTo("no");
        assertThat(report.latencyTarget().reached()).isEqualTo("not measured");
        assertThat(report.fanoutTargets()).singleElement().extracting(Report.Target::reached).isEqualTo("not measured");
    }

    @Test
    void aFanOutOfAtLeastHalfTheBaselineIsReached() {
        String csv = """
                date,run,scenario,target_kind,target,params,cores,note,offered_rate,members,deliveries_per_s
                d,r,group,baseline,,,2,,100,100,3000
                d,r,group,baseline,,,2,,200,100,4000
                d,r,group,standalone,,,2,,20,100,1980
                d,r,group,standalone,,,2,,40,100,2100
                """;
        ReportInput in = new ReportInput();
        in.rows.put("group", Csv.parse(csv));
        Report.Target t = new Report(in).fanoutTargets().get(0);
        assertThat(t.measured()).contains("= 0.53×").doesNotContain("not saturated");
        assertThat(t.reached()).isEqualTo("yes");
    }

    @Test
    void aFanOutRatioAgainstAnUnsaturatedBaselineShowsNothing() {
        String csv = """
                date,run,scenario,target_kind,target,params,cores,note,offered_rate,members,deliveries_per_s
                d,r,group,baseline,,,2,,2,1000,1998
                d,r,group,standalone,,,2,,2,1000,2094
                d,r,group,baseline,,,2,,100,100,9900
                d,r,group,standalone,,,2,,20,100,847
                """;
        ReportInput in = new ReportInput();
        in.rows.put("group", Csv.parse(csv));
        List<Report.Target> targets = new Report(in).fanoutTargets();
        // upper bound 1.05 ≥ 0.5 proves nothing; upper bound 0.086 < 0.5 is a no
        assertThat(targets.get(0).name()).contains("100 members");
        assertThat(targets.get(0).reached()).isEqualTo("no");
        assertThat(targets.get(1).name()).contains("1,000 members");
        assertThat(targets.get(1).measured()).contains("= 1.05×").contains("offer the baseline a higher rate");
        assertThat(targets.get(1).reached()).isEqualTo("not shown (upper bound only)");
    }

    @Test
    void latencyTargetMetAtTwoThousand() {
        String csv = """
                date,run,scenario,target_kind,target,params,cores,note,offered_rate,msgs_per_s,p99_ms,missing
                d,r,one2one,standalone,,,2,,2000,2000,31.5,0
                """;
        ReportInput in = new ReportInput();
        in.rows.put("one2one", Csv.parse(csv));
        assertThat(new Report(in).latencyTarget().reached()).isEqualTo("yes");
        assertThat(new Report(in).latencyTarget().measured()).startsWith("p99 31.5 ms at 2,000 msg/s");
    }

    @Test
    void limitsNameTheBacklogAndTheCpu() {
        List<String> limits = new Report(input).limits(scenario("one2one"));
        assertThat(limits).anyMatch(l -> l.startsWith("**standalone** (best step 1,000 msg/s offered)")
                && l.contains("1,546 in `xx.commands.chat/chat`") && l.contains("chat service")
                && l.contains("at the highest offered rate (3,000 msg/s)")
                && l.contains("the step broke: p99 9000.00 ms > 1000, missing 0"));
        assertThat(limits).anyMatch(l -> l.startsWith("**distributed** (best step 500 msg/s offered)") && l.contains("(not CPU-bound)"));
        List<String> group = new Report(input).limits(scenario("group"));
        assertThat(group).anyMatch(l -> l.contains("14,008 in `xx.commands.offline/offline`") && l.contains("CPU-bound: the cores are used up"));
        List<String> sessions = new Report(input).limits(scenario("sessions"));
        assertThat(sessions).anyMatch(l -> l.startsWith("**standalone** (5,000 sessions)") && l.contains("open-file limit"));
    }

    @Test
    void theDocumentHasEverySection() {
        input.date = "2026-11-26 15:50 UTC";
        input.command = "bench/run.sh --short";
        input.mode = "short";
        input.machine.add(new ReportInput.Fact("CPU", "Test CPU"));
        input.versions.add(new ReportInput.Fact("Java", "17"));
        input.notes = "A *note*.";
        input.profiles.add(new ReportInput.Profile("standalone one2one", "x.jfr", null, "not found"));
        String md = new Report(input).markdown();
        assertThat(md).contains("# Benchmark report", "Run id: `r1`, short mode", "`bench/run.sh --short`",
                "## Machine", "| CPU | Test CPU |", "## Versions", "### One-to-one messaging (`one2one`)",
                "### Group fan-out (`group`)", "### Idle sessions (`sessions`)", "### Login storm (`logins`)",
                "### Offline flush (`flush`)", "## Targets", "yes (extrapolated)", "## Where the time goes",
                "### standalone one2one", "not found", "## Notes\n\nA *note*.");
        // the backlog cell (quoted, with a comma) survives as one cell
        assertThat(md).contains("{xx.commands.chat/chat=15000, xx.commands.offline/offline=20}");
        // the unknown column and the other run are not shown
        assertThat(md).doesNotContain("some_future_column").doesNotContain("999");
    }

    @Test
    void reportMainWritesTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("REPORT.md");
        Path notes = dir.resolve("notes.md");
        Files.writeString(notes, "Noted.");
        int status = ReportMain.run(new String[]{"--run=r1", "--results=" + fixtures(), "--out=" + out, "--mode=short",
                "--jfr=standalone one2one=" + dir.resolve("missing.jfr"), "--notes=" + notes,
                "--loadavg-before=0.50 0.40 0.30 1/100 123", "--machine-info=Extra=value",
                "--standalone-jar=" + dir.resolve("none.jar"), "--open-file-limit=20000"});
        assertThat(status).isZero();
        String md = Files.readString(out);
        assertThat(md).contains("Run id: `r1`, short mode", "0.50 0.40 0.30 / –", "| Extra | value |",
                "| Open files per process (`ulimit -Hn`, hard) | 20,000", "jar not found", "Noted.", "missing.jfr");
    }

    @Test
    void readsTheRowsOfAFileMovedAside(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sessions-until-20261126-151123.csv"),
                "date,run,scenario,target_kind,sessions,heap_per_session_kb\nd,r9,sessions,baseline,200,6.4\n");
        Files.writeString(dir.resolve("sessions.csv"),
                "date,run,scenario,target_kind,sessions,heap_per_session_kb,new_column\nd,r9,sessions,standalone,200,26.7,1\n"
                        + "d,r8,sessions,standalone,200,99,1\n");
        ReportInput in = new ReportInput();
        ReportMain.readRows(dir, "r9", in);
        assertThat(in.rows.get("sessions")).extracting(r -> r.get("target_kind")).containsExactly("baseline", "standalone");
        assertThat(in.rows).doesNotContainKey("sessions-until-20261126-151123");
        Table t = new Report(in).comparison(scenario("sessions"));
        assertThat(t.cell(t.row("200"), "heap KB/session standalone ÷ baseline (lower is better)")).isEqualTo("4.17×");
    }

    @Test
    void csvQuotingAndRepeatedHeaders() {
        List<Csv.Row> rows = Csv.parse("date,run,a\r\nd1,r,\"x, \"\"y\"\"\nz\"\ndate,run,b,a\nd2,r,2,3\n\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("a")).isEqualTo("x, \"y\"\nz");
        assertThat(rows.get(1).get("a")).isEqualTo("3");
        assertThat(rows.get(1).num("b")).isEqualTo(2.0);
        assertThat(rows.get(1).num("missing")).isNaN();
    }

    @Test
    void numberFormats() {
        assertThat(Fmt.num(1234.5)).isEqualTo("1,235");
        assertThat(Fmt.num(12.34)).isEqualTo("12.3");
        assertThat(Fmt.num(1.234)).isEqualTo("1.23");
        assertThat(Fmt.num(0.0123)).isEqualTo("0.012");
        assertThat(Fmt.num(5000)).isEqualTo("5,000");
        assertThat(Fmt.num(Double.NaN)).isEqualTo("–");
        assertThat(Fmt.ratio(1, 0)).isEqualTo("–");
        assertThat(Fmt.ratio(25, 2)).isEqualTo("12.5×");
        assertThat(Fmt.ratio(79.1, -69.6)).isEqualTo("–");
        assertThat(Fmt.ratio(-1, 5)).isEqualTo("–");
        assertThat(Fmt.measured("4.0")).isEqualTo("4.00");
        assertThat(Fmt.measured("3")).isEqualTo("3");
        assertThat(Fmt.measured("19000")).isEqualTo("19,000");
        assertThat(Fmt.measured("{xx.deliveries/gw=2}")).isEqualTo("{xx.deliveries/gw=2}");
        assertThat(Fmt.measured(" ")).isEqualTo("–");
    }
}
