package io.xuanxuan.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny recording made here: CPU burnt in a known method, a garbage collection, allocations. */
class JfrSummaryTest {

    static volatile double sink;
    static volatile Object keep;

    /** Pure arithmetic, no calls: its samples have it as the top frame. */
    static double burnCpu(long nanos) {
        long end = System.nanoTime() + nanos;
        double x = 1.0001;
        long i = 0;
        while (true) {
            for (int k = 0; k < 100_000; k++) {
                x = x * 1.0000001 + (k & 7) * 1e-9;
                if (x > 1e6) {
                    x = 1.0001;
                }
            }
            i++;
            if ((i & 3) == 0 && System.nanoTime() > end) {
                return x;
            }
        }
    }

    @Test
    void summarisesARecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.ObjectAllocationSample");
            recording.start();
            sink = burnCpu(Duration.ofMillis(1500).toNanos());
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                garbage.add(new byte[10_000]);
            }
            keep = garbage;
            System.gc();
            recording.stop();
            recording.dump(file);
        }

        JfrSummary summary = JfrSummary.read(file, false);

        assertThat(summary.executionSamples).isGreaterThan(10);
        String burn = JfrSummaryTest.class.getName() + ".burnCpu";
        assertThat(summary.topSelf()).extracting(JfrSummary.Count::name).contains(burn);
        assertThat(summary.topSelf().get(0).name()).isEqualTo(burn);
        assertThat(summary.topXuanxuanInclusive()).extracting(JfrSummary.Count::name).contains(burn);
        assertThat(summary.areaShares().get(0).name()).isEqualTo("application (other io.xuanxuan)");
        assertThat(summary.gcCount).isGreaterThanOrEqualTo(1);
        assertThat(summary.durationSeconds()).isGreaterThan(1.0);

        String md = summary.markdown("test", "###");
        assertThat(md).contains("### test", "execution samples", "`" + burn + "`", "Garbage collection: ")
                .doesNotContain("no collections recorded");
    }

    /** The same loop under another name. */
    static double startUp(long nanos) {
        long end = System.nanoTime() + nanos;
        double x = 1.0002;
        long i = 0;
        while (true) {
            for (int k = 0; k < 100_000; k++) {
                x = x * 1.0000001 + (k & 7) * 1e-9;
                if (x > 1e6) {
                    x = 1.0002;
                }
            }
            i++;
            if ((i & 3) == 0 && System.nanoTime() > end) {
                return x;
            }
        }
    }

    @Test
    void leavesOutTheStartUpOnTheMainThread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("startup.jfr");
        Thread self = Thread.currentThread();
        String name = self.getName();
        self.setName("test-runner"); // surefire runs tests on "main": that would move the cut
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            Thread startup = new Thread(() -> sink = startUp(Duration.ofMillis(700).toNanos()), "main");
            startup.start();
            startup.join();
            Thread worker = new Thread(() -> sink = burnCpu(Duration.ofMillis(1000).toNanos()), "xx-bus-1");
            worker.start();
            worker.join();
            recording.stop();
            recording.dump(file);
        } finally {
            self.setName(name);
        }
        String startUp = JfrSummaryTest.class.getName() + ".startUp";
        String burn = JfrSummaryTest.class.getName() + ".burnCpu";

        JfrSummary all = JfrSummary.read(file, false);
        assertThat(all.self).containsKeys(startUp, burn);
        assertThat(all.startupSamples).isZero();

        JfrSummary load = JfrSummary.read(file);
        assertThat(load.self).containsKey(burn).doesNotContainKey(startUp);
        assertThat(load.threadGroups).containsKey("xx-bus-*").doesNotContainKey("main");
        assertThat(load.startupSamples).isGreaterThan(10);
        assertThat(load.executionSamples + load.startupSamples).isEqualTo(all.executionSamples);
        assertThat(load.markdown("x", "###")).contains("Start-up left out");
    }

    @Test
    void areasTakeTheFirstLibraryFrameFromTheTop() {
        assertThat(JfrSummary.area(List.of("java.util.HashMap.get", "com.fasterxml.jackson.core.JsonParser.next",
                "io.xuanxuan.chat.Handler.handle"))).isEqualTo("JSON (Jackson)");
        assertThat(JfrSummary.area(List.of("org.h2.command.Command.executeQuery", "io.r2dbc.pool.X.y",
                "io.xuanxuan.bus.InProcessBus.consume"))).isEqualTo("database (H2/R2DBC/JDBC)");
        assertThat(JfrSummary.area(List.of("io.xuanxuan.bus.Partition.run", "io.netty.channel.X.y"))).isEqualTo("bus (io.xuanxuan.bus)");
        assertThat(JfrSummary.area(List.of("org.springframework.security.crypto.bcrypt.BCrypt.key",
                "org.springframework.web.X.y"))).isEqualTo("bcrypt (password hashing)");
        assertThat(JfrSummary.area(List.of("java.lang.Thread.run"))).isEqualTo(JfrSummary.JDK_ONLY);
        assertThat(JfrSummary.threadGroup("reactor-http-nio-3")).isEqualTo("reactor-http-nio-*");
        assertThat(JfrSummary.threadGroup("main")).isEqualTo("main");
        assertThat(JfrSummary.component("io.xuanxuan.offline.store.Queue.add")).isEqualTo("io.xuanxuan.offline");
    }
}
