package io.xuanxuan.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Scenario {@code logins} (login storm): N accounts log in (the cold logins, a bounded number at a time),
 * then all N close their sockets, the server is given time to notice, and all N reconnect and log in at
 * once ({@code --storm-concurrency} in flight). With everyone online every login pushes a {@code login}
 * packet to every other online user and the whole user list to the new connection: the storm's traffic
 * grows with N² (reported as bytes/frames received; the clients do not parse it, see {@link BenchClient}).
 *
 * <p>Per login: connect start to the {@code getList} push (HdrHistogram, µs). Storm duration: first
 * reconnect to the last {@code getList}. Failures by kind: {@code login} (not success), {@code closed},
 * {@code timeout} ({@code --login-timeout}), {@code connect}, {@code error}.
 */
final class LoginStorm {

    private LoginStorm() {
    }

    static void run(Options o) throws Exception {
        int n = o.sessions;
        String params = String.format(Locale.ROOT, "sessions=%d storm_concurrency=%d login_concurrency=%d source_addresses=%d",
                n, o.stormConcurrency, o.loginConcurrency, o.sourceAddresses);
        System.out.println();
        System.out.println("=== logins: " + params);
        try (LoadGen.Target target = LoadGen.Target.start("logins", o, n)) {
            var http = LoadGen.httpClients(o, target.ws);
            List<LoadGen.Attempt> cold = List.of();
            List<LoadGen.Attempt> storm = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                cold = LoadGen.startLogins(http, target.ws, 0, n, n, o.loginConcurrency, o);
                LoadGen.awaitAll(cold);
                double coldSeconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> coldFailures = LoadGen.failuresByKind(cold);
                long coldFailed = coldFailures.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf(Locale.ROOT, "cold: %d logged in in %.1f s (%d failed %s)%n", n - coldFailed,
                        coldSeconds, coldFailed, coldFailures);
                long coldBytes = cold.stream().mapToLong(a -> a.client().bytesIn()).sum();

                BenchClient.closeAll(cold.stream().map(LoadGen.Attempt::client).toList(), Duration.ofSeconds(30));
                LoadGen.settle(target::serverCpuSeconds, 60);

                System.out.printf(Locale.ROOT, "storm: %d reconnect+login, %d in flight ...%n", n, o.stormConcurrency);
                LoadGen.HeapSampler heap = new LoadGen.HeapSampler(target.metrics);
                heap.start();
                double cpu0 = target.serverCpuSeconds();
                double self0 = MessageLoad.selfCpuSeconds();
                double machine0 = Machine.busyCpuSeconds();
                long stormStart = System.nanoTime();
                try {
                    storm.addAll(LoadGen.startLogins(http, target.ws, 0, n, n, o.stormConcurrency, o));
                    LoadGen.awaitAll(storm);
                } finally {
                    heap.stop();
                }
                long lastLive = storm.stream().mapToLong(a -> a.client().liveNanos()).max().orElse(0);
                long stormEnd = lastLive > 0 ? lastLive : System.nanoTime();
                double stormSeconds = (stormEnd - stormStart) / 1e9;
                // CPU over the storm: sampled now (a little after the last getList; the difference is noise)
                double wall = (System.nanoTime() - stormStart) / 1e9;
                double serverCores = (target.serverCpuSeconds() - cpu0) / wall;
                double selfCores = (MessageLoad.selfCpuSeconds() - self0) / wall;
                double machineCores = (Machine.busyCpuSeconds() - machine0) / wall;

                Histogram latency = new Histogram(3_600_000_000L, 3);
                for (LoadGen.Attempt a : storm) {
                    long live = a.client().liveNanos();
                    if (live > 0 && !a.done().isCompletedExceptionally()) {
                        latency.recordValue(Math.max(0, (live - a.client().connectStartNanos()) / 1000));
                    }
                }
                Map<String, Long> failures = LoadGen.failuresByKind(storm);
                long failed = failures.values().stream().mapToLong(Long::longValue).sum();
                if (failed > 0) {
                    System.out.println("first failure: " + LoadGen.firstFailure(storm));
                }

                Result r = target.result("logins", params, o);
                r.put("sessions", n);
                r.put("storm_concurrency", o.stormConcurrency);
                r.put("source_addresses", o.sourceAddresses);
                r.put("bcrypt_strength", target.bcryptText());
                r.put1("cold_logins_per_s", (n - coldFailed) / coldSeconds);
                r.put("cold_failures", coldFailed);
                r.put2("cold_bytes_received_mb", LoadGen.mb(coldBytes));
                r.put2("storm_seconds", stormSeconds);
                r.put1("storm_logins_per_s", (n - failed) / stormSeconds);
                r.put("login_p50_ms", MessageLoad.ms(latency, 50));
                r.put("login_p99_ms", MessageLoad.ms(latency, 99));
                r.put("login_max_ms", MessageLoad.ms(latency, 100));
                r.put("failures", failed);
                r.put("failure_kinds", LoadGen.mapText(failures));
                r.put2("bytes_received_mb", LoadGen.mb(storm.stream().mapToLong(a -> a.client().bytesIn()).sum()));
                r.put("frames_received", storm.stream().mapToLong(a -> a.client().framesIn()).sum());
                r.put2("server_cpu_cores", serverCores);
                r.put2("loadgen_cpu_cores", selfCores);
                r.put2("other_cpu_cores", machineCores - serverCores - selfCores);
                r.put1("server_heap_peak_mb", heap.peakMb);
                r.put("server_closes", LoadGen.mapText(target.metrics.byTag("xuanxuan.gateway.closes", "reason")));
                r.put2("loadavg_1m", Machine.loadAverage());
                r.printFrom(System.out, "sessions");
                target.warnings().forEach(w -> System.out.println("  server log   " + w));
                System.out.println("appended to " + r.appendCsv(o.results).toAbsolutePath());
            } finally {
                BenchClient.closeAll(storm.stream().map(LoadGen.Attempt::client).toList(), Duration.ofSeconds(10));
                cold.forEach(a -> a.client().dispose());
            }
        }
    }
}
