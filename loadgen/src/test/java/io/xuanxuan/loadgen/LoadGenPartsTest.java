package io.xuanxuan.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator's small pure parts (no server, no sockets). */
class LoadGenPartsTest {

    @Test
    void heapInfoOfG1IsTheHeapLineNotMetaspace() {
        String g1 = """
                12345:
                 garbage-first heap   total 262144K, used 23552K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 61234K, committed 61888K, reserved 1105920K
                  class space    used 8123K, committed 8448K, reserved 1048576K
                """;
        assertThat(LocalJvm.parseHeapUsedMb(g1)).hasValue(23.0);
    }

    @Test
    void heapInfoOfSerialSumsTheGenerations() {
        String serial = """
                 def new generation   total 9216K, used 1024K [0x1, 0x2, 0x3)
                  eden space 8192K,  12% used [0x1, 0x2, 0x3)
                 tenured generation   total 20480K, used 2048K [0x1, 0x2, 0x3)
                 Metaspace       used 1000K, committed 1100K, reserved 1056768K
                """;
        assertThat(LocalJvm.parseHeapUsedMb(serial)).hasValue(3.0);
        assertThat(LocalJvm.parseHeapUsedMb("12345:\nCould not attach")).isEmpty();
    }

    @Test
    void openFilesLimitIsTheSoftColumn() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             unlimited            unlimited            processes
                Max open files            1024                 20000                files
                """;
        assertThat(LocalJvm.parseOpenFilesLimit(limits)).hasValue(1024);
    }

    @Test
    void tooManyConnectionsFailEarlyWithTheLimitInTheMessage() {
        long limit = LocalJvm.openFilesLimit("self").orElse(Long.MAX_VALUE);
        if (limit < Integer.MAX_VALUE) {
            assertThatThrownBy(() -> LocalJvm.requireSockets((int) limit, null))
                    .hasMessageContaining(String.valueOf(limit))
                    .hasMessageContaining("Largest count that fits: " + (limit - LocalJvm.FD_MARGIN));
        }
        LocalJvm.requireSockets(10, null);
    }

    @Test
    void pushPreCheckFindsTheMethodsOfEveryPacketOfAFrameCaseInsensitively() {
        ByteBuf live = text("[{\"id\":3,\"module\":\"chat\",\"method\":\"getList\",\"data\":[]}]");
        assertThat(BenchClient.pushMethods(live, 0, live.writerIndex())).isEqualTo(BenchClient.GET_LIST_PUSH);
        ByteBuf users = text("[{\"id\":2,\"module\":\"chat\",\"method\":\"userGetlist\",\"data\":[]}]");
        assertThat(BenchClient.pushMethods(users, 0, users.writerIndex())).isZero();
        // several pushes in one frame: the getList and the message behind a long first packet are found
        ByteBuf merged = text("[{\"id\":2,\"module\":\"chat\",\"method\":\"userGetlist\",\"data\":\""
                + "x".repeat(3000) + "\"},{\"id\":3,\"module\":\"chat\",\"method\":\"getList\",\"data\":[]},"
                + "{\"id\":4,\"module\":\"chat\",\"method\":\"MESSAGE\",\"data\":[]}]");
        assertThat(BenchClient.pushMethods(merged, 0, merged.writerIndex()))
                .isEqualTo(BenchClient.GET_LIST_PUSH | BenchClient.MESSAGE_PUSH);
        // message content cannot fake a method: its quotes are escaped
        ByteBuf faked = text("[{\"id\":5,\"module\":\"chat\",\"method\":\"login\",\"data\":"
                + "\"\\\"method\\\":\\\"message\\\"\"}]");
        assertThat(faked.toString(StandardCharsets.UTF_8)).contains("\\\"method\\\":\\\"message");
        assertThat(BenchClient.pushMethods(faked, 0, faked.writerIndex())).isZero();
        // a frame cut off right after the key is no match, and no exception
        ByteBuf cut = text("[{\"method\":\"mess");
        assertThat(BenchClient.pushMethods(cut, 0, cut.writerIndex())).isZero();
    }

    @Test
    void optionsForTheNewScenarios() {
        Options o = Options.parse(new String[] {"one2one,sessions", "--rates=200,500", "--sessions=300",
                "--url=ws://127.0.0.1:1/ws", "--server-pid=42"});
        assertThat(o.scenarios).containsExactly("one2one", "sessions");
        assertThat(o.stepRates("one2one")).containsExactly(200.0, 500.0);
        assertThat(o.stepRates("group")).containsExactly(5.0);
        assertThat(o.targetKind()).isEqualTo("external");
        assertThat(o.sessions).isEqualTo(300);
        assertThat(Options.parse(new String[] {"all"}).scenarios).containsExactly("one2one", "group");
        assertThat(Options.parse(new String[] {"flush"}).maxOutstandingFor("flush")).isEqualTo(20);
        assertThat(Options.parse(new String[] {"flush"}).targetKind()).isEqualTo("standalone");
        assertThatThrownBy(() -> Options.parse(new String[] {"storm"})).hasMessageContaining("unknown scenario");
        assertThatThrownBy(() -> Options.parse(new String[] {"sessions", "--server-pid=1"}))
                .hasMessageContaining("--url");
    }

    @Test
    void aStepBreaksOnP99MissingOrLowAnsweredRate() {
        assertThat(LoadGen.breakReason(step("12.5", "0", "199.0"), 200, 1000)).isEmpty();
        assertThat(LoadGen.breakReason(step("1500", "0", "199.0"), 200, 1000)).contains("p99");
        assertThat(LoadGen.breakReason(step("12.5", "3", "199.0"), 200, 1000)).contains("missing 3");
        assertThat(LoadGen.breakReason(step("12.5", "0", "150.0"), 200, 1000)).contains("answered");
    }

    @Test
    void csvGoesToTheScenarioFileWithTheCommonColumnsFirst(@TempDir Path dir) throws Exception {
        Result first = new Result("flush", "run1", "baseline", "ws://x", "queued=1", "a note, with comma");
        first.put("queued", 1);
        first.put1("flush_seconds", Double.NaN);
        Path csv = first.appendCsv(dir);
        assertThat(csv.getFileName().toString()).isEqualTo("flush.csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("date,run,scenario,target_kind,target,params,cores,note,queued,flush_seconds");
        assertThat(lines.get(1)).contains(",run1,flush,baseline,ws://x,queued=1,").endsWith(",\"a note, with comma\",1,");

        Result other = new Result("flush", "run2", "baseline", "ws://x", "queued=1", "");
        other.put("queued", 1);
        other.appendCsv(dir);
        assertThat(Files.readAllLines(csv)).hasSize(2).first().asString().endsWith("note,queued");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("flush-until-"));
        }
    }

    @Test
    void flushGidsCarryTheirSequence() {
        assertThat(OfflineFlush.seqOf("abc", OfflineFlush.gid("abc", 17))).isEqualTo(17);
        assertThat(OfflineFlush.seqOf("abc", "abd-17")).isEqualTo(-1);
        assertThat(OfflineFlush.seqOf("abc", "abc17")).isEqualTo(-1);
    }

    private static Result step(String p99, String missing, String answered) {
        Result r = new Result("one2one", "r", "standalone", "t", "p", "");
        r.put("p99_ms", p99);
        r.put("missing", missing);
        r.put("msgs_per_s", answered);
        return r;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
