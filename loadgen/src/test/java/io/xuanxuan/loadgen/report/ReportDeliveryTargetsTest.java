package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11's targets, each reached and not reached, from hand-made result rows. */
class ReportDeliveryTargetsTest {

    private static final String GROUP_HEADER = "date,run,scenario,target_kind,target,params,cores,note,offered_rate,members,"
            + "msgs_per_s,deliveries_per_s,p99_ms,missing,server_cpu_cores,loadgen_cpu_cores,bus_backlog_at_window_end\n";

    private static DeliveryTargets targets(String scenario, String csv) {
        ReportInput in = new ReportInput();
        in.cores = 2;
        in.rows.put(scenario, Csv.parse(csv));
        return new DeliveryTargets(new Report(in));
    }

    @Test
    void groupOfHundredReachedAgainstASaturatedBaseline() {
        // the baseline delivered less than it was offered at 1,000 msg/s (99,000): it was at its ceiling
        Report.Target t = targets("group", GROUP_HEADER + """
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.4,0.5,
                d,r,group,baseline,,,2,,1000,100,600,59400,900,0,0.9,1.0,
                d,r,group,standalone,,,2,,300,100,300,29700,30,0,1.2,0.6,{xx.events.message/offline=12}
                """).fanout(100);
        assertThat(t.name()).isEqualTo("group of 100: at least 0.5× the baseline's deliveries/s");
        assertThat(t.measured()).contains("standalone best 29,700 deliveries/s (at 300 msg/s, p99 30 ms)")
                .contains("baseline best 59,400 (at 1,000 msg/s) = 0.50×")
                .contains("at the same offered rate: 300 msg/s: 29,700 vs 29,700 (1.00×)")
                .doesNotContain("ceiling is higher");
        assertThat(t.reached()).isEqualTo("yes");
        assertThat(t.limits()).contains("server CPU 1.20 cores + load generator 0.60 of 2 (CPU-bound")
                .contains("12 in `xx.events.message/offline`");
    }

    @Test
    void groupOfHundredReachedOnlyAtTheLoadOfferedWhenTheBaselineKeptUp() {
        Report.Target t = targets("group", GROUP_HEADER + """
                d,r,group,baseline,,,2,,100,100,100,9900,5.1,0,0.1,0.2,
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.3,0.5,
                d,r,group,standalone,,,2,,100,100,100,9900,12,0,0.5,0.2,{}
                d,r,group,standalone,,,2,,300,100,200,19800,800,0,1.5,0.4,{xx.events.message/offline=4000}
                """).fanout(100);
        assertThat(t.measured()).contains("= 0.67×").contains("100 msg/s: 9,900 vs 9,900 (1.00×), 300 msg/s: 19,800 vs 29,700 (0.67×)")
                .contains("its ceiling is higher and was not measured");
        assertThat(t.reached()).isEqualTo(DeliveryTargets.YES_AT_LOAD);
    }

    @Test
    void groupOfHundredNotReached() {
        // the before run of issue 11: 1,731 of 29,700
        Report.Target t = targets("group", GROUP_HEADER + """
                d,r,group,baseline,,,2,,100,100,100,9900,5.1,0,0.1,0.2,
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.3,0.5,
                d,r,group,standalone,,,2,,20,100,20,1731,3957,0,1.82,0.16,{xx.commands.offline/offline=10970}
                d,r,group,standalone,,,2,,40,100,39.8,877,20185,0,1.75,0.23,{xx.commands.offline/offline=56760}
                """).fanout(100);
        assertThat(t.measured()).contains("= 0.058×");
        assertThat(t.reached()).isEqualTo("no");
        assertThat(t.limits()).contains("10,970 in `xx.commands.offline/offline`")
                .contains("at the highest offered rate (40 msg/s)").contains("56,760");
    }

    @Test
    void aStandaloneServerOfferedTooLittleShowsNothing() {
        Report.Target t = targets("group", GROUP_HEADER + """
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.3,0.5,
                d,r,group,standalone,,,2,,40,100,40,3960,20,0,0.4,0.2,{}
                """).fanout(100);
        assertThat(t.measured()).contains("= 0.13×").contains("offer it the baseline's rates");
        assertThat(t.reached()).isEqualTo(DeliveryTargets.NOT_SHOWN);
    }

    @Test
    void groupOfThousandReachedAndNotReached() {
        String baseline = GROUP_HEADER + """
                d,r,group,baseline,,,2,,2,1000,2,1998,40,0,0.03,0.2,
                d,r,group,baseline,,,2,,10,1000,9,8991,900,0,0.8,1.0,
                """;
        Report.Target reached = targets("group", baseline + """
                d,r,group,standalone,,,2,,10,1000,5,4995,600,0,1.6,0.3,{}
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.3,0.5,
                """).fanout(1000);
        assertThat(reached.name()).isEqualTo("group of 1,000: at least 0.5× the baseline's deliveries/s");
        assertThat(reached.measured()).contains("4,995").contains("8,991").contains("= 0.56×");
        assertThat(reached.reached()).isEqualTo("yes");

        Report.Target notReached = targets("group", baseline + """
                d,r,group,standalone,,,2,,2,1000,2,1400,5464,0,1.77,0.21,{xx.commands.offline/offline=15980}
                d,r,group,standalone,,,2,,10,1000,3,2997,9000,0,1.8,0.2,{xx.commands.offline/offline=40000}
                """).fanout(1000);
        assertThat(notReached.measured()).contains("= 0.33×").contains("2 msg/s: 1,400 vs 1,998 (0.70×)");
        assertThat(notReached.reached()).isEqualTo("no");

        // losses at the best step are never a yes
        Report.Target lossy = targets("group", baseline + """
                d,r,group,standalone,,,2,,10,1000,5,4995,600,12,1.6,0.3,{}
                """).fanout(1000);
        assertThat(lossy.measured()).contains("12 missing at the best step");
        assertThat(lossy.reached()).isEqualTo("no");
    }

    @Test
    void aGroupSizeWithoutRowsIsNotMeasured() {
        Report.Target t = targets("group", GROUP_HEADER + """
                d,r,group,baseline,,,2,,300,100,300,29700,5.9,0,0.3,0.5,
                """).fanout(1000);
        assertThat(t.measured()).isEqualTo("neither measured");
        assertThat(t.reached()).isEqualTo("not measured");
    }

    @Test
    void latencyReachedAndNotReached() {
        String header = "date,run,scenario,target_kind,target,params,cores,note,offered_rate,msgs_per_s,p99_ms,missing,"
                + "server_cpu_cores,loadgen_cpu_cores,bus_backlog_at_window_end\n";
        Report.Target reached = targets("one2one", header + """
                d,r,one2one,standalone,,,2,,1000,1000,12,0,0.6,0.2,{}
                d,r,one2one,standalone,,,2,,2000,2000,31.5,0,1.1,0.3,{}
                """).latency();
        assertThat(reached.reached()).isEqualTo("yes");
        assertThat(reached.measured()).startsWith("p99 31.5 ms at 2,000 msg/s");
        assertThat(reached.limits()).startsWith("at 2,000 msg/s offered: server CPU 1.10 cores")
                .contains("no bus backlog at the window's end");

        Report.Target notReached = targets("one2one", header + """
                d,r,one2one,standalone,,,2,,2000,1990,80,0,1.7,0.3,{xx.commands.chat/chat=300}
                """).latency();
        assertThat(notReached.reached()).isEqualTo("no");
        assertThat(notReached.limits()).contains("CPU-bound").contains("300 in `xx.commands.chat/chat`");
    }

    @Test
    void flushReachedAndNotReached() {
        String header = "date,run,scenario,target_kind,target,params,cores,note,queued,flush_seconds,flush_msgs_per_s,"
                + "missing,duplicates,out_of_order,server_cpu_cores,bus_backlog_after\n";
        Report.Target reached = targets("flush", header + """
                d,r,flush,baseline,,,2,,10000,0.15,66666,0,0,0,0.35,
                d,r,flush,standalone,,,2,,10000,0.30,33333,0,0,0,1.2,{}
                """).flush();
        assertThat(reached.name()).isEqualTo("flush of 10,000 queued messages within 2× the baseline's time");
        assertThat(reached.measured()).startsWith("standalone 0.30 s ÷ baseline 0.15 s = 2.00×").contains("0 missing");
        assertThat(reached.reached()).isEqualTo("yes");
        assertThat(reached.limits()).contains("server CPU 1.20 cores of 2").contains("no bus backlog after the run");

        Report.Target notReached = targets("flush", header + """
                d,r,flush,baseline,,,2,,10000,0.15,66666,0,0,0,0.35,
                d,r,flush,standalone,,,2,,10000,0.47,21453,0,0,0,1.45,{xx.sync/offline=7}
                """).flush();
        assertThat(notReached.measured()).contains("= 3.13×");
        assertThat(notReached.reached()).isEqualTo("no");
        assertThat(notReached.limits()).contains("bus backlog after the run 7 in `xx.sync/offline`").contains("login sync");

        Report.Target lost = targets("flush", header + """
                d,r,flush,baseline,,,2,,10000,0.15,66666,0,0,0,0.35,
                d,r,flush,standalone,,,2,,10000,0.20,50000,3,0,0,1.0,
                """).flush();
        assertThat(lost.reached()).isEqualTo("no");

        Report.Target otherSize = targets("flush", header + """
                d,r,flush,baseline,,,2,,5000,0.1,50000,0,0,0,0.35,
                d,r,flush,standalone,,,2,,5000,0.2,25000,0,0,0,1.0,
                """).flush();
        assertThat(otherSize.reached()).isEqualTo("not measured");
        assertThat(otherSize.measured()).contains("measured at other sizes").contains("standalone 0.20 s for 5,000");
    }

    @Test
    void theTargetsSectionHasIssueTwelveFirstThenElevenAndIssueSixBelow() {
        ReportInput in = new ReportInput();
        in.cores = 2;
        in.rows.put("group", Csv.parse(GROUP_HEADER + "d,r,group,standalone,,,2,,20,100,20,1731,3957,0,1.8,0.2,{}\n"));
        String section = new Report(in).targetsSection();
        assertThat(section).startsWith("## Targets\n\n### Issue 12's targets");
        assertThat(section.indexOf("### Issue 12's targets")).isLessThan(section.indexOf("### Issue 11's targets"));
        assertThat(section.indexOf("| group of 100: at least 0.5×")).isLessThan(section.indexOf("### Issue 6's targets"));
        assertThat(section).contains("| target (standalone server) | measured | reached | what limits it |",
                "50,000 idle sessions");
        assertThat(List.of(section.split("\n"))).filteredOn(l -> l.startsWith("| flush of 10,000")).hasSize(1);
    }
}
