package io.xuanxuan.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Scenario {@code sessions}: N authenticated idle sessions. Measures the connect+login rate, and the
 * server's heap after a forced GC and its RSS, before the sessions were opened and with all of them open
 * and idle (so heap and RSS per session), and its CPU while they idle. Heap and RSS need the server's pid
 * ({@link LocalJvm}: jcmd and /proc); without it they are empty.
 */
final class SessionLoad {

    private SessionLoad() {
    }

    static void run(Options o) throws Exception {
        int n = o.sessions;
        String params = String.format(Locale.ROOT, "sessions=%d login_concurrency=%d source_addresses=%d idle=%ds",
                n, o.loginConcurrency, o.sourceAddresses, o.idle);
        System.out.println();
        System.out.println("=== sessions: " + params);
        try (LoadGen.Target target = LoadGen.Target.start("sessions", o, n)) {
            LoadGen.settle(target::serverCpuSeconds, 30);
            Memory before = Memory.of(target.pid);
            System.out.printf(Locale.ROOT, "before: heap after GC %s MB, RSS %s MB%n", before.heapText(), before.rssText());

            List<LoadGen.Attempt> attempts = List.of();
            try {
                double loginCpu0 = target.serverCpuSeconds();
                long t0 = System.nanoTime();
                attempts = LoadGen.startLogins(LoadGen.httpClients(o, target.ws), target.ws, 0, n, n,
                        o.loginConcurrency, o);
                LoadGen.awaitAll(attempts);
                double loginSeconds = (System.nanoTime() - t0) / 1e9;
                double loginCores = (target.serverCpuSeconds() - loginCpu0) / loginSeconds;
                Map<String, Long> failures = LoadGen.failuresByKind(attempts);
                long failed = failures.values().stream().mapToLong(Long::longValue).sum();
                long open = n - failed;
                System.out.printf(Locale.ROOT, "%d sessions logged in in %.1f s (%d failed %s)%n", open, loginSeconds,
                        failed, failures);
                if (failed > 0) {
                    System.out.println("first failure: " + LoadGen.firstFailure(attempts));
                }

                LoadGen.settle(target::serverCpuSeconds, 30);
                double cpu0 = target.serverCpuSeconds();
                long idle0 = System.nanoTime();
                Thread.sleep(o.idle * 1000L);
                double idleSeconds = (System.nanoTime() - idle0) / 1e9;
                double idleCores = (target.serverCpuSeconds() - cpu0) / idleSeconds;
                long stillOpen = attempts.stream().filter(a -> !a.client().isClosed()).count();
                Memory after = Memory.of(target.pid);

                Result r = target.result("sessions", params, o);
                r.put("sessions", n);
                r.put("sessions_open", open);
                r.put("source_addresses", o.sourceAddresses);
                r.put("login_concurrency", o.loginConcurrency);
                r.put("bcrypt_strength", target.bcryptText());
                r.put2("login_seconds", loginSeconds);
                r.put1("logins_per_s", open / loginSeconds);
                r.put2("login_server_cpu_cores", loginCores);
                r.put("failures", failed);
                r.put("failure_kinds", LoadGen.mapText(failures));
                r.put1("heap_before_mb", before.heapMb);
                r.put1("heap_after_mb", after.heapMb);
                r.put2("heap_per_session_kb", open == 0 ? Double.NaN : (after.heapMb - before.heapMb) * 1024 / open);
                r.put1("rss_before_mb", before.rssMb);
                r.put1("rss_after_mb", after.rssMb);
                r.put2("rss_per_session_kb", open == 0 ? Double.NaN : (after.rssMb - before.rssMb) * 1024 / open);
                r.put("idle_seconds", String.format(Locale.ROOT, "%.1f", idleSeconds));
                r.put2("idle_cpu_cores", idleCores);
                r.put("closed_while_idle", open - stillOpen);
                r.put1("server_heap_max_mb", target.metrics.heapMaxMb());
                r.put2("bytes_received_mb", LoadGen.mb(attempts.stream().mapToLong(a -> a.client().bytesIn()).sum()));
                r.put("frames_received", attempts.stream().mapToLong(a -> a.client().framesIn()).sum());
                r.put2("loadavg_1m", Machine.loadAverage());
                r.printFrom(System.out, "sessions");
                target.warnings().forEach(w -> System.out.println("  server log   " + w));
                System.out.println("appended to " + r.appendCsv(o.results).toAbsolutePath());
            } finally {
                BenchClient.closeAll(attempts.stream().map(LoadGen.Attempt::client).toList(), Duration.ofSeconds(10));
            }
        }
    }

    /** Heap used after a forced GC and RSS of the server, in MB (NaN without a pid or when unreadable). */
    record Memory(double heapMb, double rssMb) {
        static Memory of(Long pid) {
            if (pid == null) {
                return new Memory(Double.NaN, Double.NaN);
            }
            OptionalDouble heap = LocalJvm.heapUsedAfterGcMb(pid);
            OptionalDouble rss = LocalJvm.rssMb(pid);
            return new Memory(heap.orElse(Double.NaN), rss.orElse(Double.NaN));
        }

        String heapText() {
            return Double.isNaN(heapMb) ? "-" : String.format(Locale.ROOT, "%.1f", heapMb);
        }

        String rssText() {
            return Double.isNaN(rssMb) ? "-" : String.format(Locale.ROOT, "%.1f", rssMb);
        }
    }
}
