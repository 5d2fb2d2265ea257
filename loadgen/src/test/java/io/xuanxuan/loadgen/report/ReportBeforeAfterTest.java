package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Before and after": two runs' rows in the same result files, side by side. */
class ReportBeforeAfterTest {

    private static final String MESSAGING = "date,run,scenario,target_kind,target,params,cores,note,offered_rate,members,"
            + "msgs_per_s,deliveries_per_s,p99_ms\n";

    /** Run "old" (the before) and run "new", as bench/run.sh appends them, plus a third run that must not show. */
    static Path results(Path dir) throws Exception {
        Files.writeString(dir.resolve("one2one.csv"), MESSAGING + """
                2026-11-26T16:14:32Z,old,one2one,baseline,,,2,,2000,2,2000,2000,2.23
                2026-11-26T16:19:50Z,old,one2one,standalone,,,2,,2000,2,992,992,12108
                2026-11-26T16:31:54Z,old,one2one,distributed,,,2,,200,2,30.2,30.5,36438
                2026-12-01T10:00:00Z,new,one2one,baseline,,,2,,2000,2,2000,2000,2.0
                2026-12-01T10:05:00Z,new,one2one,standalone,,,2,,2000,2,2000,2000,25
                2026-12-01T10:30:00Z,new,one2one,distributed,,,2,,200,2,200,200,40
                2026-12-02T10:00:00Z,other,one2one,standalone,,,2,,2000,2,1,1,777777
                """);
        Files.writeString(dir.resolve("group.csv"), MESSAGING + """
                2026-11-26T16:15:00Z,old,group,baseline,,,2,,300,100,300,29700,5.86
                2026-11-26T16:21:45Z,old,group,standalone,,,2,,20,100,20,1731,3957
                2026-11-26T16:22:46Z,old,group,standalone,,,2,,40,100,39.8,877,20185
                2026-12-01T10:01:00Z,new,group,baseline,,,2,,300,100,300,29700,6.0
                2026-12-01T10:10:00Z,new,group,standalone,,,2,,100,100,100,9900,20
                2026-12-01T10:11:00Z,new,group,standalone,,,2,,300,100,300,29700,45
                """);
        Files.writeString(dir.resolve("flush.csv"), """
                date,run,scenario,target_kind,queued,flush_seconds
                2026-11-26T16:17:31Z,old,flush,standalone,10000,0.47
                2026-11-26T16:40:29Z,old,flush,baseline,10000,0.15
                2026-12-01T10:12:00Z,new,flush,standalone,10000,0.235
                """);
        Files.writeString(dir.resolve("sessions.csv"), """
                date,run,scenario,target_kind,sessions,heap_per_session_kb
                2026-11-26T16:28:26Z,old,sessions,standalone,3000,18.7
                """);
        return dir;
    }

    private static ReportInput input(Path dir, String run, String before) throws Exception {
        ReportInput in = new ReportInput();
        in.runId = run;
        in.cores = 2;
        ReportMain.readRows(dir, run, in);
        in.beforeRunId = before;
        ReportInput b = new ReportInput();
        ReportMain.readRows(dir, before, b);
        in.beforeRows.putAll(b.rows);
        return in;
    }

    private static List<String> row(Table t, String... leading) {
        return t.rows.stream().filter(r -> r.subList(0, leading.length).equals(List.of(leading))).findFirst().orElseThrow(
                () -> new AssertionError("no row " + List.of(leading) + " in " + t.rows));
    }

    @Test
    void setsEachKeyFigureNextToTheBeforeRunsWithTheRatio(@TempDir Path dir) throws Exception {
        BeforeAfter ba = new BeforeAfter(input(results(dir), "new", "old"));
        Table one = ba.figures(ReportTest.scenario("one2one"));
        List<String> standalone = row(one, "2,000", "standalone");
        assertThat(one.cell(standalone, "msg/s delivered before")).isEqualTo("992");
        assertThat(one.cell(standalone, "msg/s delivered this run")).isEqualTo("2,000");
        assertThat(one.cell(standalone, "msg/s delivered this run ÷ before (higher is better)")).isEqualTo("2.02×");
        assertThat(one.cell(standalone, "p99 ms this run ÷ before (lower is better)")).isEqualTo("0.002×");
        // the baseline is the control; the distributed system at its own rate
        assertThat(one.cell(row(one, "2,000", "baseline"), "p99 ms this run ÷ before (lower is better)")).isEqualTo("0.90×");
        assertThat(one.cell(row(one, "200", "distributed"), "msg/s delivered this run ÷ before (higher is better)")).isEqualTo("6.62×");
        // the third run is in neither column
        assertThat(one.markdown()).doesNotContain("777,777");

        Table flush = ba.figures(ReportTest.scenario("flush"));
        assertThat(flush.cell(row(flush, "10,000", "standalone"), "flush s this run ÷ before (lower is better)")).isEqualTo("0.50×");
        // measured before only: one side and no ratio
        List<String> base = row(flush, "10,000", "baseline");
        assertThat(flush.cell(base, "flush s before")).isEqualTo("0.15");
        assertThat(flush.cell(base, "flush s this run")).isEqualTo("–");
        assertThat(flush.cell(base, "flush s this run ÷ before (lower is better)")).isEqualTo("–");
    }

    @Test
    void groupRatesThatDifferBetweenTheRunsAreComparedByTheirBestStep(@TempDir Path dir) throws Exception {
        BeforeAfter ba = new BeforeAfter(input(results(dir), "new", "old"));
        Table group = ba.figures(ReportTest.scenario("group"));
        // rates offered in one run only have one side
        assertThat(group.cell(row(group, "100", "20", "standalone"), "deliveries/s this run")).isEqualTo("–");
        assertThat(group.cell(row(group, "100", "300", "standalone"), "deliveries/s before")).isEqualTo("–");
        assertThat(group.cell(row(group, "100", "300", "baseline"), "deliveries/s this run ÷ before (higher is better)"))
                .isEqualTo("1.00×");
        // rows in order of member count and rate
        assertThat(group.rows.stream().map(r -> r.get(1) + " " + r.get(2)).toList())
                .containsExactly("20 standalone", "40 standalone", "100 standalone", "300 baseline", "300 standalone");

        Table capacity = ba.capacity(ReportTest.scenario("group"));
        List<String> standalone = row(capacity, "100 members", "standalone");
        assertThat(capacity.cell(standalone, "best deliveries/s before")).isEqualTo("1,731 at 20 msg/s");
        assertThat(capacity.cell(standalone, "best deliveries/s this run")).isEqualTo("29,700 at 300 msg/s");
        assertThat(capacity.cell(standalone, "this run ÷ before (higher is better)")).isEqualTo("17.2×");
    }

    @Test
    void theSectionNamesBothRunsAndWhatChanged(@TempDir Path dir) throws Exception {
        ReportInput in = input(results(dir), "new", "old");
        in.changes = "delivery by sequence numbers and member cursors (issue 11)";
        String md = new Report(in).markdown();
        assertThat(md).contains("[Before and after](#before-and-after)",
                "## Before and after\n\nThis run (`new`) next to run `old` (rows dated 2026-11-26T16:14:32Z … 2026-11-26T16:40:29Z),"
                        + " the before. What changed between the two: delivery by sequence numbers and member cursors (issue 11).",
                "**Idle sessions** (`sessions`): not measured in this run.", "**Login storm** (`logins`): measured in neither run.");
        // near the top: before the targets and the per-scenario results
        assertThat(md.indexOf("## Before and after")).isLessThan(md.indexOf("## Targets"));
        assertThat(md.indexOf("## Targets")).isLessThan(md.indexOf("## Results"));
    }

    @Test
    void aBeforeRunWithoutRowsIsSaidAndTheReportGoesOn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("REPORT.md");
        int status = ReportMain.run(new String[]{"--run=new", "--results=" + results(dir), "--out=" + out,
                "--before-run=20261126-161349-short", "--changes=issue 11", "--standalone-jar=" + dir.resolve("none.jar")});
        assertThat(status).isZero();
        String md = Files.readString(out);
        assertThat(md).contains("## Before and after", "next to run `20261126-161349-short`, the before. What changed between the two: issue 11.",
                "**The result files hold no rows of run `20261126-161349-short`**", "nothing to compare this run with");
        assertThat(md).doesNotContain("this run ÷ before");
        // the rest of the report is there
        assertThat(md).contains("## Targets", "| group of 100: at least 0.5×", "### One-to-one messaging (`one2one`)");
    }

    @Test
    void reportMainReadsTheBeforeRunFromTheSameFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("REPORT.md");
        int status = ReportMain.run(new String[]{"--run=new", "--results=" + results(dir), "--out=" + out,
                "--before-run=old", "--standalone-jar=" + dir.resolve("none.jar")});
        assertThat(status).isZero();
        assertThat(Files.readString(out)).contains("| 2,000 | standalone | 992 | 2,000 | 2.02× | 12,108 | 25 | 0.002× |");
    }

    @Test
    void withoutABeforeRunThereIsNoSuchSection(@TempDir Path dir) throws Exception {
        ReportInput in = new ReportInput();
        in.runId = "new";
        ReportMain.readRows(results(dir), "new", in);
        String md = new Report(in).markdown();
        assertThat(md).doesNotContain("Before and after").contains("Jump to: [Targets](#targets)");
    }
}
