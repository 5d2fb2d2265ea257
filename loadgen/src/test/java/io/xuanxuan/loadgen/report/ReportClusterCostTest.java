package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12's part of the report: CPU per process of the distributed system, hops, targets, before and after. */
class ReportClusterCostTest {

    private static final String HEADER = "date,run,scenario,target_kind,target,params,cores,note,offered_rate,members,"
            + "msgs_per_s,deliveries_per_s,p99_ms,missing,break_reason,server_cpu_cores,loadgen_cpu_cores,cpu_total_cores,"
            + "cpu_ms_per_msg,process_cpu_cores,process_cpu_ms_per_msg,hops\n";

    /**
     * Run "old": the build before (distributed 1:1 breaks at 100 msg/s, 20 ms per message), measured with this
     * bench; run "new": 1:1 standalone capacity 1,000 msg/s, distributed clean up to 300 msg/s at 4 ms/msg.
     */
    static Path results(Path dir) throws Exception {
        Files.writeString(dir.resolve("one2one.csv"), HEADER + """
                2026-12-01T09:00:00Z,old,one2one,distributed,,,2,,100,2,49,49,9000,0,p99 9000 ms > 1000,0.2,0.1,0.98,20.00,"{gateway-0=0.20; chat=0.30; kafka=0.48}","{gateway-0=4.00; chat=6.00; kafka=10.00}",{command chat chat/message=15.00//490}
                2026-12-01T10:00:00Z,new,one2one,standalone,,,2,,200,2,200,200,5,0,,0.25,0.1,0.25,1.25,{standalone=0.25},{standalone=1.25},
                2026-12-01T10:01:00Z,new,one2one,standalone,,,2,,2000,2,1000,1000,5000,0,answered,1.6,0.3,1.6,1.60,{standalone=1.60},{standalone=1.60},
                2026-12-01T10:10:00Z,new,one2one,distributed,,,2,,100,2,100,100,20,0,,0.05,0.1,0.40,4.00,"{gateway-0=0.05; chat=0.15; kafka=0.20}","{gateway-0=0.50; chat=1.50; kafka=2.00}","{bus delay xx.commands.chat chat=1.00/3.00/1000; command chat chat/message=2.00/5.00/1000}"
                2026-12-01T10:11:00Z,new,one2one,distributed,,,2,,200,2,200,200,40,0,,0.1,0.1,0.80,4.00,"{gateway-0=0.10; chat=0.30; kafka=0.40}","{gateway-0=0.50; chat=1.50; kafka=2.00}","{bus delay xx.commands.chat chat=1.50/4.00/2000; command chat chat/message=2.50/8.00/2000}"
                2026-12-01T10:12:00Z,new,one2one,distributed,,,2,,300,2,300,300,90,0,,0.15,0.1,1.20,4.00,"{gateway-0=0.15; chat=0.45; kafka=0.60}","{gateway-0=0.50; chat=1.50; kafka=2.00}",
                2026-12-01T10:13:00Z,new,one2one,distributed,,,2,,500,2,380,380,4000,0,p99 4000 ms > 1000,0.2,0.1,1.80,4.70,"{gateway-0=0.20; chat=0.70; kafka=0.90}","{gateway-0=0.53; chat=1.84; kafka=2.37}",
                """);
        Files.writeString(dir.resolve("group.csv"), HEADER + """
                2026-12-01T10:05:00Z,new,group,standalone,,,2,,100,100,100,9900,20,0,,0.5,0.2,0.5,5.00,{standalone=0.50},{standalone=5.00},
                2026-12-01T10:06:00Z,new,group,standalone,,,2,,300,100,300,29700,45,0,,1.5,0.2,1.5,5.00,{standalone=1.50},{standalone=5.00},
                2026-12-01T10:20:00Z,new,group,distributed,,,2,,10,100,10,990,30,0,,0.1,0.1,0.30,30.00,"{gateway-0=0.10; chat=0.20}","{gateway-0=10.00; chat=20.00}",
                2026-12-01T10:21:00Z,new,group,distributed,,,2,,50,100,50,4950,60,0,,0.3,0.1,1.00,20.00,"{gateway-0=0.30; chat=0.70}","{gateway-0=6.00; chat=14.00}",
                """);
        return dir;
    }

    private static Report report(Path dir, String run, String before) throws Exception {
        ReportInput in = new ReportInput();
        in.runId = run;
        in.cores = 2;
        ReportMain.readRows(dir, run, in);
        if (before != null) {
            in.beforeRunId = before;
            ReportInput b = new ReportInput();
            ReportMain.readRows(dir, before, b);
            in.beforeRows.putAll(b.rows);
        }
        return new Report(in);
    }

    private static ClusterCost cost(Path dir, String run, String before) throws Exception {
        Report r = report(dir, run, before);
        return new ClusterCost(r, inputOf(dir, run, before));
    }

    private static ReportInput inputOf(Path dir, String run, String before) throws Exception {
        ReportInput in = new ReportInput();
        in.runId = run;
        in.cores = 2;
        ReportMain.readRows(dir, run, in);
        if (before != null) {
            in.beforeRunId = before;
            ReportInput b = new ReportInput();
            ReportMain.readRows(dir, before, b);
            in.beforeRows.putAll(b.rows);
        }
        return in;
    }

    @Test
    void cpuPerMessageOfEveryProcessPerStepWithTheStandaloneAtTheSameRate(@TempDir Path dir) throws Exception {
        Table t = cost(results(dir), "new", null).processTable(true);
        assertThat(t.header).containsExactly("CPU-ms per message", "1:1 @100 msg/s", "1:1 @200 msg/s", "1:1 @300 msg/s",
                "1:1 @500 msg/s", "group 100 @10 msg/s", "group 100 @50 msg/s");
        assertThat(t.cell(t.row("kafka"), "1:1 @500 msg/s")).isEqualTo("2.37");
        assertThat(t.cell(t.row("kafka"), "group 100 @10 msg/s")).isEqualTo("–"); // not a process of that row
        assertThat(t.cell(t.row(ClusterCost.TOTAL), "1:1 @200 msg/s")).isEqualTo("4.00");
        assertThat(t.cell(t.row("standalone server (same scenario and rate)"), "1:1 @200 msg/s")).isEqualTo("1.25");
        assertThat(t.cell(t.row("standalone server (same scenario and rate)"), "1:1 @100 msg/s")).isEqualTo("–");
        assertThat(t.cell(t.row("all processes ÷ standalone"), "1:1 @200 msg/s")).isEqualTo("3.20×");
        assertThat(t.cell(t.row("all processes ÷ standalone"), "group 100 @10 msg/s")).isEqualTo("–");
        Table cores = cost(dir, "new", null).processTable(false);
        assertThat(cores.cell(cores.row("chat"), "1:1 @300 msg/s")).isEqualTo("0.45");
        assertThat(cores.cell(cores.row(ClusterCost.TOTAL), "1:1 @300 msg/s")).isEqualTo("1.20");
    }

    @Test
    void hopsShowMeanAndP99PerStep(@TempDir Path dir) throws Exception {
        Table t = cost(results(dir), "new", null).hopTable();
        assertThat(t.cell(t.row("command chat chat/message"), "1:1 @200 msg/s")).isEqualTo("2.50 / 8.00 (2,000)");
        assertThat(t.cell(t.row("command chat chat/message"), "1:1 @300 msg/s")).isEqualTo("–");
        assertThat(ClusterCost.hopCell("1.00//30")).isEqualTo("1.00 / – (30)");
    }

    @Test
    void issue12TargetsReachedOrNotWithTheMeasuredNumbers(@TempDir Path dir) throws Exception {
        ClusterCost c = cost(results(dir), "new", null);
        // 300 msg/s at p99 90 ms ÷ standalone capacity 1,000 = 0.30
        Report.Target capacity = c.capacity();
        assertThat(capacity.reached()).isEqualTo(Report.YES);
        assertThat(capacity.measured()).contains("300 msg/s answered", "p99 90", "1,000", "0.30×");
        assertThat(capacity.limits()).contains("at the next step (500 msg/s offered)", "CPU of its 3 processes 1.80 cores");
        // group: 4,950 ÷ 29,700 = 0.17 and the distributed system kept up with its top rate: not shown
        Report.Target fanout = c.fanout();
        assertThat(fanout.measured()).contains("4,950", "29,700", "0.17×");
        assertThat(fanout.reached()).isEqualTo(ClusterCost.NOT_SHOWN);
        // CPU at 200 msg/s (the only common rate, clean): 4.00 ÷ 1.25 = 3.20 ≤ 4
        Report.Target cpu = c.cpu();
        assertThat(cpu.reached()).isEqualTo(Report.YES);
        assertThat(cpu.measured()).contains("at 200 msg/s offered", "4.00 CPU-ms/msg", "3.20×");
        assertThat(cpu.limits()).contains("kafka 2.00 ms, chat 1.50 ms, gateway-0 0.50 ms");
    }

    @Test
    void targetsNotReachedWhenTheClusterIsSlowAndBroke(@TempDir Path dir) throws Exception {
        results(dir);
        // the old run alone: the distributed system broke at its only step, and no standalone ran
        ClusterCost c = cost(dir, "old", null);
        assertThat(c.capacity().reached()).isEqualTo(Report.NOT_MEASURED);
        assertThat(c.cpu().reached()).isEqualTo(Report.NOT_MEASURED);
        // the new run, the standalone made cheaper: 4.00 ÷ 0.5 = 8 > 4
        String text = Files.readString(dir.resolve("one2one.csv")).replace(",1.25,{standalone=0.25},{standalone=1.25},",
                ",0.50,{standalone=0.25},{standalone=0.50},");
        Files.writeString(dir.resolve("one2one.csv"), text);
        Report.Target cpu = cost(dir, "new", null).cpu();
        assertThat(cpu.reached()).isEqualTo(Report.NO);
        assertThat(cpu.measured()).contains("8.00×");
        // the standalone's capacity doubled: 300 ÷ 2,000 = 0.15 < 0.3, and the cluster broke above it
        text = Files.readString(dir.resolve("one2one.csv")).replace("2000,2,1000,1000,5000", "2000,2,2000,2000,40");
        Files.writeString(dir.resolve("one2one.csv"), text);
        Report.Target capacity = cost(dir, "new", null).capacity();
        assertThat(capacity.reached()).isEqualTo(Report.NO);
        assertThat(capacity.measured()).contains("0.15×");
    }

    @Test
    void beforeAndAfterPerProcessAtTheStepsBothMeasured(@TempDir Path dir) throws Exception {
        Table t = cost(results(dir), "new", "old").beforeAfterTable();
        assertThat(t.header).containsExactly("CPU-ms per message", "1:1 @100 msg/s before", "1:1 @100 msg/s this run",
                "1:1 @100 msg/s this run ÷ before (lower is better)");
        assertThat(t.cell(t.row("kafka"), "1:1 @100 msg/s before")).isEqualTo("10.0");
        assertThat(t.cell(t.row("kafka"), "1:1 @100 msg/s this run")).isEqualTo("2.00");
        assertThat(t.cell(t.row("kafka"), "1:1 @100 msg/s this run ÷ before (lower is better)")).isEqualTo("0.20×");
        assertThat(t.cell(t.row(ClusterCost.TOTAL), "1:1 @100 msg/s this run ÷ before (lower is better)")).isEqualTo("0.20×");
    }

    @Test
    void theReportHasTheSectionTheTargetsAndSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        String md = report(results(dir), "new", "old").markdown();
        assertThat(md).contains("### Issue 12's targets", "## " + ClusterCost.TITLE, "### Before and after, per process",
                "### Latency per hop", "](#" + ClusterCost.ANCHOR + ")");
        // the general before-and-after section has CPU per message too
        assertThat(md).contains("CPU ms/msg before");
        // a before run measured with an older load generator has no per-process figures: said, not faked
        String old = Files.readString(dir.resolve("one2one.csv")).lines()
                .filter(l -> !l.contains(",old,")).reduce("", (a, b) -> a + b + "\n")
                + "2026-12-01T09:00:00Z,older,one2one,distributed,,,2,,100,2,49,49,9000,0,x,0.2,0.1,,,,,\n";
        Files.writeString(dir.resolve("one2one.csv"), old);
        String md2 = report(dir, "new", "older").markdown();
        assertThat(md2).contains("Run `older` has no per-process CPU figures");
    }

    @Test
    void limitsOfADistributedRowCountEveryProcess(@TempDir Path dir) throws Exception {
        Report r = report(results(dir), "new", null);
        Csv.Row row = r.rows("one2one").stream().filter(x -> Report.kind(x).equals("distributed")
                && x.num("offered_rate") == 500).findFirst().orElseThrow();
        assertThat(r.limitText(row)).contains("CPU of its 3 processes 1.80 cores (most: kafka 0.90, chat 0.70, gateway-0 0.20)")
                .contains("(CPU-bound");
        List<Csv.Row> standalone = r.rows("one2one").stream().filter(x -> Report.kind(x).equals("standalone")).toList();
        assertThat(r.limitText(standalone.get(0))).startsWith("server CPU 0.25 cores").contains("(not CPU-bound)");
        // the cores used up by other processes on the machine: said, not "not CPU-bound"
        Csv.Row busy = Csv.parse("date,run,target_kind,server_cpu_cores,loadgen_cpu_cores,other_cpu_cores\n"
                + "d,new,distributed,0.3,0.1,1.5\n").get(0);
        assertThat(r.limitText(busy)).contains("the machine's cores were used up: other processes on it took 1.50 cores")
                .doesNotContain("not CPU-bound");
    }
}
