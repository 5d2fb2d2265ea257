package io.xuanxuan.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The window's edges: process CPU from /proc, per-hop timers from Prometheus text, and what goes into a row. */
class WindowProbeTest {

    @Test
    void statTicksAreUtimePlusStimeCountedFromTheLastParenthesis() {
        // the command name may hold spaces and parentheses; utime = 1500, stime = 250
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 42 0 12345 1 2";
        assertThat(ProcCpu.parseStatTicks(stat)).isEqualTo(1750);
        assertThat(ProcCpu.parseStatTicks("4242 (java) S 1 2")).isEqualTo(-1);
        assertThat(ProcCpu.parseStatTicks("garbage")).isEqualTo(-1);
    }

    @Test
    void ownProcessHasCpuTimeAndAGoneProcessHasNone() {
        assertThat(ProcCpu.ticksPerSecond()).isPositive();
        assertThat(ProcCpu.cpuSeconds(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcCpu.cpuSeconds(Long.MAX_VALUE)).isNaN();
    }

    private static final String BEFORE = """
            # HELP xuanxuan_command_duration_seconds Time from taking a command off the bus to publishing its outcome
            # TYPE xuanxuan_command_duration_seconds histogram
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.001"} 10
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.01"} 20
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.1"} 20
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="+Inf"} 20
            xuanxuan_command_duration_seconds_count{route="chat/message",service="chat"} 20
            xuanxuan_command_duration_seconds_sum{route="chat/message",service="chat"} 0.05
            xuanxuan_command_duration_seconds_max{route="chat/message",service="chat"} 0.009
            xuanxuan_command_duration_seconds_count{route="login",service="presence"} 7
            xuanxuan_command_duration_seconds_sum{route="login",service="presence"} 0.7
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
            """;

    /** 100 more chat/message commands: 50 under 1 ms, 40 in (1, 10] ms, 10 in (10, 100] ms; no logins. */
    private static final String AFTER = """
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.001"} 60
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.01"} 110
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="0.1"} 120
            xuanxuan_command_duration_seconds_bucket{route="chat/message",service="chat",le="+Inf"} 120
            xuanxuan_command_duration_seconds_count{route="chat/message",service="chat"} 120
            xuanxuan_command_duration_seconds_sum{route="chat/message",service="chat"} 0.45
            xuanxuan_command_duration_seconds_count{route="login",service="presence"} 7
            xuanxuan_command_duration_seconds_sum{route="login",service="presence"} 0.7
            xuanxuan_bus_consume_delay_seconds_count{group="chat",topic="xx.commands.chat"} 30
            xuanxuan_bus_consume_delay_seconds_sum{group="chat",topic="xx.commands.chat"} 0.06
            """;

    private static Map<String, HopMetrics.Series> parse(String text) {
        Map<String, HopMetrics.Series> series = new TreeMap<>();
        HopMetrics.parse(text, series);
        return series;
    }

    @Test
    void hopsOfTheWindowAreTheDifferenceOfTheTwoScrapes() {
        Map<String, HopMetrics.Hop> hops = HopMetrics.window(parse(BEFORE), parse(AFTER));
        // the idle login hop had no observations in the window; the consume delay appeared during it
        assertThat(hops).containsOnlyKeys("command chat chat/message", "bus delay xx.commands.chat chat");
        HopMetrics.Hop message = hops.get("command chat chat/message");
        assertThat(message.count()).isEqualTo(100);
        assertThat(message.meanMs()).isCloseTo(4.0, within(1e-9)); // (0.45 - 0.05) s / 100
        // rank 99 of 100 falls in (10, 100] ms, 9 of its 10: 10 + 90 × 0.9
        assertThat(message.p99Ms()).isCloseTo(91.0, within(1e-9));
        HopMetrics.Hop delay = hops.get("bus delay xx.commands.chat chat");
        assertThat(delay.meanMs()).isCloseTo(2.0, within(1e-9));
        assertThat(delay.p99Ms()).isNaN(); // no histogram: no p99
        assertThat(HopMetrics.text(hops))
                .isEqualTo("{bus delay xx.commands.chat chat=2.00//30; command chat chat/message=4.00/91.00/100}");
    }

    @Test
    void aBuildWithoutTheTimersOrAnEndpointThatDoesNotAnswerGivesNoHops() {
        assertThat(HopMetrics.window(parse("jvm_threads_live_threads 42\n"), parse("jvm_threads_live_threads 43\n"))).isEmpty();
        assertThat(HopMetrics.text(Map.of())).isEmpty();
        Map<String, URI> nowhere = new LinkedHashMap<>();
        nowhere.put("chat", URI.create("http://127.0.0.1:1"));
        assertThat(new HopMetrics(nowhere).scrape()).isEmpty();
    }

    @Test
    void quantileInThePlusInfBucketIsTheHighestFiniteBound() {
        TreeMap<Double, Double> buckets = new TreeMap<>(Map.of(0.001, 1.0, 0.01, 2.0, Double.POSITIVE_INFINITY, 100.0));
        assertThat(HopMetrics.quantileMs(buckets, 0.99)).isCloseTo(10.0, within(1e-9));
        assertThat(HopMetrics.quantileMs(new TreeMap<>(), 0.99)).isNaN();
    }

    @Test
    void labelsKeepEscapedQuotesAndCommas() {
        assertThat(HopMetrics.labels("a=\"x,\\\"y\\\"\",b=\"2\",")).containsExactly(Map.entry("a", "x,\"y\""), Map.entry("b", "2"));
    }

    @Test
    void theRowGetsTotalsPerMessageAndPerProcessMaps() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("self", ProcessHandle.current().pid());
        WindowProbe probe = new WindowProbe(pids, new HopMetrics(Map.of()));
        probe.atStart();
        probe.atEnd();
        Result r = new Result("one2one", "run", "distributed", "", "", "");
        probe.fill(r, 10, 1000);
        assertThat(r.get("cpu_total_cores")).isNotEmpty();
        assertThat(r.get("cpu_ms_per_msg")).isNotEmpty();
        assertThat(r.get("process_cpu_cores")).startsWith("{self=");
        assertThat(r.get("hops")).isEmpty();
        // a process that cannot be read leaves the totals empty (a partial sum would understate the cost)
        pids.put("gone", Long.MAX_VALUE);
        WindowProbe partial = new WindowProbe(pids, new HopMetrics(Map.of()));
        partial.atStart();
        partial.atEnd();
        Result p = new Result("one2one", "run", "distributed", "", "", "");
        partial.fill(p, 10, 1000);
        assertThat(p.get("cpu_total_cores")).isEmpty();
        assertThat(p.get("cpu_ms_per_msg")).isEmpty();
        assertThat(p.get("process_cpu_cores")).startsWith("{self=").doesNotContain("gone");
    }

    @Test
    void cpuIsARateOverTheTimeItWasReadNotOverTheWholeWindow() {
        // the window is 10 s with 1,000 messages; the CPU reads were 8 s apart (a slow scrape before the first)
        Map<String, Double> used = new LinkedHashMap<>();
        used.put("chat", 4.0);
        used.put("kafka", 2.0);
        Result r = new Result("one2one", "run", "distributed", "", "", "");
        WindowProbe.fill(r, 10, 1000, 8, used, Map.of());
        assertThat(Double.parseDouble(r.get("cpu_total_cores"))).isCloseTo(0.75, within(1e-9));
        // 0.75 cores over the 10 s window's 1,000 messages: 7.5 ms each
        assertThat(Double.parseDouble(r.get("cpu_ms_per_msg"))).isCloseTo(7.5, within(1e-9));
        assertThat(r.get("process_cpu_cores")).isEqualTo("{chat=0.500; kafka=0.250}");
        assertThat(r.get("process_cpu_ms_per_msg")).isEqualTo("{chat=5.00; kafka=2.50}");
    }

    @Test
    void theOtherProcessesOfTheMachineExcludeEveryProcessOfTheSystem() {
        // machine busy 2.00 cores, gateway 0 0.50, load generator 0.20: 1.30 "other" before the system was counted
        Result r = new Result("one2one", "run", "distributed", "", "", "");
        r.put2("server_cpu_cores", 0.50);
        r.put2("other_cpu_cores", 1.30);
        WindowProbe.correctOtherCpu(r, 1.70);
        assertThat(Double.parseDouble(r.get("other_cpu_cores"))).isCloseTo(0.10, within(1e-9));
    }

    @Test
    void perProcessFiguresAreCpuSecondsOverWindowAndPerMessage() {
        Map<String, Double> used = WindowProbe.delta(List.of("chat", "kafka"), Map.of("chat", 10.0, "kafka", 20.0),
                Map.of("chat", 12.5, "kafka", 21.0));
        assertThat(WindowProbe.mapText(used, v -> v / 10, 3)).isEqualTo("{chat=0.250; kafka=0.100}");
        assertThat(WindowProbe.mapText(used, v -> v * 1000 / 500, 2)).isEqualTo("{chat=5.00; kafka=2.00}");
    }

    @Test
    void optionsNameTheProcessesHopsAndWarmUp() {
        Options o = Options.parse(new String[] {"one2one", "--url=ws://127.0.0.1:8080/ws", "--rates=100,300",
                "--process=chat=42", "--process=mariadb=43", "--hop-metrics=chat=http://127.0.0.1:8182", "--jvm-warmup=20"});
        assertThat(o.processes).containsExactly(Map.entry("chat", 42L), Map.entry("mariadb", 43L));
        assertThat(o.hopMetrics).containsEntry("chat", URI.create("http://127.0.0.1:8182"));
        assertThat(o.jvmWarmup).isEqualTo(20);
        assertThat(o.jvmWarmupRateFor("one2one")).isEqualTo(25.0);
        assertThatThrownBy(() -> Options.parse(new String[] {"one2one", "--process=42"})).hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> Options.parse(new String[] {"one2one", "--jvm-warmup=-1"})).hasMessageContaining("jvm-warmup");
    }
}
