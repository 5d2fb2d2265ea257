package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import reactor.netty.http.client.HttpClient;

/**
 * The load generator's entry point: {@code java -jar xuanxuan-loadgen.jar <scenario>[,...] [options]}
 * (see {@link Options#USAGE}). Each scenario gets its own freshly started server (or the one at
 * {@code --url}), prints a result block and appends a row (one2one in step mode: one per step) to
 * {@code <results>/<scenario>.csv}.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("baseline-server")) {
            io.xuanxuan.loadgen.baseline.BaselineServer.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("chaos")) {
            ChaosLoad.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        int failures = 0;
        for (String scenario : options.scenarios) {
            try {
                switch (scenario) {
                    case "sessions" -> SessionLoad.run(options);
                    case "logins" -> LoginStorm.run(options);
                    case "flush" -> OfflineFlush.run(options);
                    default -> runMessages(scenario, options);
                }
            } catch (Exception e) {
                failures++;
                System.err.println("scenario " + scenario + " failed: " + e);
                e.printStackTrace();
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** one2one and group: log in, set up the chats, then one measurement per rate (step mode: until one breaks). */
    static void runMessages(String scenario, Options o) throws Exception {
        boolean one2one = scenario.equals("one2one");
        int accounts = one2one ? 2 * o.pairs : o.members;
        List<Double> rates = o.stepRates(scenario);
        System.out.println();
        System.out.println("=== " + scenario + ": " + (one2one ? "pairs=" + o.pairs : "members=" + o.members
                + " senders=" + o.senders) + " rate" + (rates.size() > 1 ? "s=" + rates : "=" + fmt(rates.get(0))));
        try (Target target = Target.start(scenario, o, accounts)) {
            List<BenchClient> clients = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                clients.addAll(loginAll(httpClients(o, target.ws), target.ws, accounts, o));
                System.out.printf(Locale.ROOT, "%d clients logged in in %.1f s%n", clients.size(), (System.nanoTime() - t0) / 1e9);
                List<MessageLoad.Sender> senders = one2one ? setUpPairs(clients, o.pairs) : setUpGroup(clients, o.senders);
                if (o.jvmWarmup > 0) {
                    warmUp(scenario, o, target, senders, clients);
                }
                for (int step = 1; step <= rates.size(); step++) {
                    double rate = rates.get(step - 1);
                    String params = one2one
                            ? String.format(Locale.ROOT, "pairs=%d rate=%s warmup=%ds duration=%ds bytes=%d",
                                    o.pairs, fmt(rate), o.warmupSeconds(), o.durationSeconds(), o.messageBytes)
                            : String.format(Locale.ROOT, "members=%d senders=%d rate=%s warmup=%ds duration=%ds bytes=%d",
                                    o.members, o.senders, fmt(rate), o.warmupSeconds(), o.durationSeconds(), o.messageBytes);
                    MessageLoad load = new MessageLoad(senders, rate, o.warmupSeconds(), o.durationSeconds(), o.drain,
                            o.maxOutstandingFor(scenario), o.messageBytes);
                    clients.forEach(c -> c.listener(load));
                    System.out.printf(Locale.ROOT, "%ssending %s msg/s for %d s warm-up + %d s measured ...%n",
                            rates.size() > 1 ? "step " + step + "/" + rates.size() + ": " : "", fmt(rate),
                            o.warmupSeconds(), o.durationSeconds());
                    HeapSampler heap = new HeapSampler(target.metrics);
                    WindowProbe probe = target.probe(o);
                    MessageLoad.Edges edges;
                    try {
                        edges = load.run(target::serverCpuSeconds, () -> {
                            probe.atStart();
                            heap.start();
                        }, () -> {
                            probe.atEnd();
                            heap.stop();
                        });
                    } finally {
                        heap.stop();
                    }
                    Result result = target.result(scenario, params, o);
                    result.put("step", step);
                    result.put("offered_rate", fmt(rate));
                    result.put("members", one2one ? 2 : o.members);
                    fill(result, load, edges, target.metrics, heap, clients);
                    probe.fill(result, load.windowSeconds(), load.acceptedInWindow.sum());
                    String broke = breakReason(result, rate, o.breakP99Ms);
                    result.put("break_reason", broke);
                    result.print(System.out, load, clients, target.warnings());
                    System.out.println("appended to " + result.appendCsv(o.results).toAbsolutePath());
                    if (rates.size() > 1 && !broke.isEmpty()) {
                        System.out.println("step " + step + " at " + fmt(rate) + " msg/s broke (" + broke
                                + "): no further steps");
                        break;
                    }
                }
            } finally {
                BenchClient.closeAll(clients, Duration.ofSeconds(5));
            }
        }
    }

    /**
     * The JVM warm-up before the first step: {@code --jvm-warmup} seconds at a modest rate through the same
     * senders (JIT, caches, connection pools and consumer fetch sizes of every process get warm), not counted;
     * then its drain and a wait until the measured processes are quiet, so that no warm-up work spills into the
     * first window. Its figures are printed only.
     */
    static void warmUp(String scenario, Options o, Target target, List<MessageLoad.Sender> senders,
                       List<BenchClient> clients) throws InterruptedException {
        double rate = o.jvmWarmupRateFor(scenario);
        System.out.printf(Locale.ROOT, "JVM warm-up: %s msg/s for %d s (not counted) ...%n", fmt(rate), o.jvmWarmup);
        MessageLoad warm = new MessageLoad(senders, rate, 0, o.jvmWarmup, o.drain, o.maxOutstandingFor(scenario),
                o.messageBytes);
        clients.forEach(c -> c.listener(warm));
        warm.run(() -> Double.NaN, () -> { }, () -> { });
        System.out.printf(Locale.ROOT, "JVM warm-up done: sent %d, answered success %d, failed %d, delivered %d of %d"
                        + " (missing %d), p99 %s ms, drain %.1f s%n", warm.sentTotal.sum(), warm.accepted.sum(),
                warm.failed.sum(), warm.delivered.sum(), warm.expectedDeliveries.sum(), warm.missing,
                MessageLoad.ms(warm.latency, 99), warm.drainSeconds);
        WindowProbe probe = target.probe(o);
        int processes = Math.max(1, o.processes.size());
        settle(Double.isNaN(probe.totalCpuSeconds()) ? target::serverCpuSeconds : probe::totalCpuSeconds, 30,
                Math.max(0.15, 0.05 * processes));
    }

    /** Why a step "breaks" (empty if it did not): p99 above the limit, anything missing, answered < 95 % of R. */
    static String breakReason(Result r, double rate, double breakP99Ms) {
        List<String> reasons = new ArrayList<>();
        String p99 = r.get("p99_ms");
        if (!p99.isEmpty() && Double.parseDouble(p99) > breakP99Ms) {
            reasons.add("p99 " + p99 + " ms > " + fmt(breakP99Ms));
        }
        if (!"0".equals(r.get("missing"))) {
            reasons.add("missing " + r.get("missing"));
        }
        double answered = Double.parseDouble(r.get("msgs_per_s"));
        if (answered < 0.95 * rate) {
            reasons.add("answered " + r.get("msgs_per_s") + " msg/s < 95% of " + fmt(rate));
        }
        if (p99.isEmpty()) {
            reasons.add("no latency measured");
        }
        return String.join("; ", reasons);
    }

    private static void fill(Result r, MessageLoad load, MessageLoad.Edges edges, ServerMetrics metrics, HeapSampler heap,
                             List<BenchClient> clients) {
        double window = load.windowSeconds();
        r.put("sent", load.sentTotal.sum());
        r.put("accepted", load.accepted.sum());
        r.put("failed", load.failed.sum());
        r.put("unanswered", load.sentTotal.sum() - load.answered.sum());
        r.put("skipped", load.skippedBackpressure.sum() + load.skippedOutboundFull.sum() + load.skippedClosed.sum());
        r.put("offered_per_s", String.format(Locale.ROOT, "%.1f", load.sentInWindow.sum() / window));
        r.put("msgs_per_s", String.format(Locale.ROOT, "%.1f", load.acceptedInWindow.sum() / window));
        r.put("expected_deliveries", load.expectedDeliveries.sum());
        r.put("delivered", load.delivered.sum());
        r.put("missing", load.missing);
        r.put("duplicates", load.duplicates.sum());
        r.put("deliveries_per_s", String.format(Locale.ROOT, "%.1f", load.deliveredInWindow.sum() / window));
        r.put("p50_ms", MessageLoad.ms(load.latency, 50));
        r.put("p99_ms", MessageLoad.ms(load.latency, 99));
        r.put("p999_ms", MessageLoad.ms(load.latency, 99.9));
        r.put("max_ms", MessageLoad.ms(load.latency, 100));
        r.put("ack_p50_ms", MessageLoad.ms(load.ackLatency, 50));
        r.put("ack_p99_ms", MessageLoad.ms(load.ackLatency, 99));
        r.put1("server_heap_end_mb", metrics.heapUsedMb());
        r.put1("server_heap_peak_mb", heap.peakMb);
        r.put1("server_heap_max_mb", metrics.heapMaxMb());
        double serverCores = (edges.serverCpuEnd() - edges.serverCpuStart()) / window;
        double selfCores = (edges.selfCpuEnd() - edges.selfCpuStart()) / window;
        r.put2("server_cpu_cores", serverCores);
        r.put2("server_cpu_usage_avg", heap.cpuUsageAverage());
        r.put2("loadgen_cpu_cores", selfCores);
        r.put2("other_cpu_cores", (edges.machineCpuEnd() - edges.machineCpuStart()) / window - serverCores - selfCores);
        r.put2("loadavg_1m", edges.loadAverageEnd());
        Map<String, Long> closes = metrics.byTag("xuanxuan.gateway.closes", "reason");
        r.put("server_closes", mapText(closes));
        r.put("bus_backlog_at_window_end", mapText(heap.backlogAtEnd));
        r.put("bus_backlog_after_drain", mapText(metrics.busBacklog()));
        r.put("dead_letters", mapText(metrics.deadLetters()));
        r.put("clients_closed", clients.stream().filter(BenchClient::closedUnexpectedly).count());
    }

    /** {@code {a=1, b=2}} as {@code {a=1; b=2}} (CSV-friendly), empty for an empty map. */
    static String mapText(Map<String, Long> map) {
        return map.isEmpty() ? "" : map.toString().replace(",", ";");
    }

    // ---------------------------------------------------------------------------------------------------
    // target: a spawned standalone server or a running one (--url)

    /** The server a scenario runs against, and how to read its figures. */
    static final class Target implements AutoCloseable {
        final ServerProcess server;
        final URI ws;
        final ServerMetrics metrics;
        /** The server's pid on this machine, or null (--url without --server-pid). */
        final Long pid;
        final String label;
        final String kind;
        /** bcrypt strength the server uses, or null if not known. */
        final Integer bcryptStrength;

        private Target(ServerProcess server, URI ws, ServerMetrics metrics, Long pid, String label, String kind,
                       Integer bcryptStrength) {
            this.server = server;
            this.ws = ws;
            this.metrics = metrics;
            this.pid = pid;
            this.label = label;
            this.kind = kind;
            this.bcryptStrength = bcryptStrength;
        }

        /** Starts the standalone server with {@code accounts} accounts, or describes the --url one. */
        static Target start(String scenario, Options o, int accounts) throws Exception {
            LocalJvm.requireSockets(accounts, o.serverPid);
            if (o.url != null) {
                URI ws = URI.create(o.url);
                System.out.println("target " + ws + " (already running; accounts must exist)"
                        + (o.serverPid != null ? ", pid " + o.serverPid : ""));
                URI metricsBase = o.metricsUrl != null ? URI.create(o.metricsUrl) : ServerMetrics.httpBaseOf(ws);
                return new Target(null, ws, new ServerMetrics(metricsBase), o.serverPid, o.url,
                        o.targetKind(), o.bcryptStrength);
            }
            String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path log = o.results.resolve("logs").resolve(stamp + "-" + scenario + "-server.log");
            long t0 = System.nanoTime();
            int strength = o.spawnedBcryptStrength();
            ServerProcess server = ServerProcess.start(o.jar, o.heap, accounts, o.password, strength, log,
                    o.serverJvmArgs, o.serverArgs, Duration.ofSeconds(o.startTimeoutFor(accounts)));
            System.out.printf(Locale.ROOT, "server pid %d on %s started in %.1f s (-Xmx%s, %d accounts, bcrypt strength %d,"
                            + " log %s)%n", server.pid(), server.webSocketUri(), (System.nanoTime() - t0) / 1e9, o.heap,
                    accounts, strength, log);
            return new Target(server, server.webSocketUri(), server.metrics(), server.pid(), "spawned -Xmx" + o.heap,
                    o.targetKind(), strength);
        }

        /** Cumulative CPU seconds of the server: from the OS when its pid is known, else from its actuator. */
        double serverCpuSeconds() {
            if (server != null) {
                return server.cpuTimeSeconds();
            }
            return pid != null ? LocalJvm.cpuSeconds(pid) : metrics.cpuTimeSeconds();
        }

        /**
         * What the window's edges read: the CPU of {@code --process} (every process of a distributed system)
         * or else of the server's own pid, and the per-hop timers of {@code --hop-metrics} or else of the
         * started server's actuator.
         */
        WindowProbe probe(Options o) {
            Map<String, Long> processes = new java.util.LinkedHashMap<>(o.processes);
            if (processes.isEmpty() && pid != null) {
                processes.put(kind, pid);
            }
            Map<String, URI> hops = new java.util.LinkedHashMap<>(o.hopMetrics);
            if (hops.isEmpty() && server != null) {
                hops.put(kind, metrics.base());
            }
            return new WindowProbe(processes, new HopMetrics(hops));
        }

        Result result(String scenario, String params, Options o) {
            return new Result(scenario, o.run, kind, label, params, o.note);
        }

        List<String> warnings() {
            return server != null ? server.warnings(10) : List.of();
        }

        String bcryptText() {
            return bcryptStrength == null ? "" : String.valueOf(bcryptStrength);
        }

        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
        }
    }

    /**
     * WebSocket clients (no pooling) bound to the source addresses 127.0.0.1..127.0.0.K when the target is an
     * IPv4 loopback address (each source address has its own ephemeral ports), else one unbound client.
     */
    static List<HttpClient> httpClients(Options o, URI ws) {
        boolean loopback;
        try {
            InetAddress address = InetAddress.getByName(ws.getHost());
            loopback = address instanceof Inet4Address && address.isLoopbackAddress();
        } catch (Exception e) {
            loopback = false;
        }
        if (!loopback || o.sourceAddresses <= 1) {
            return List.of(BenchClient.httpClient());
        }
        List<HttpClient> clients = new ArrayList<>();
        for (int k = 1; k <= o.sourceAddresses; k++) {
            InetSocketAddress source = new InetSocketAddress("127.0.0." + k, 0);
            clients.add(BenchClient.httpClient().bindAddress(() -> source));
        }
        return clients;
    }

    // ---------------------------------------------------------------------------------------------------
    // logins

    /** One connect+login: the client (to close it whatever happened) and its outcome. */
    record Attempt(BenchClient client, CompletableFuture<BenchClient> done) {
    }

    /**
     * Connects and logs in accounts {@code from..to-1} (0-based index; account {@code u<index+1>} of
     * {@code accounts}), at most {@code concurrency} at a time, each given {@code o.loginTimeout} seconds from
     * its start; returns when the last one has been started.
     */
    static List<Attempt> startLogins(List<HttpClient> http, URI ws, int from, int to, int accounts, int concurrency,
                                     Options o) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<Attempt> attempts = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            slots.acquire();
            BenchClient client = BenchClient.open(http.get(i % http.size()), ws, i, Accounts.name(i + 1, accounts),
                    o.outboundFrames);
            CompletableFuture<BenchClient> done = client.connectAndLogin(o.password)
                    .orTimeout(o.loginTimeout, TimeUnit.SECONDS)
                    .whenComplete((c, e) -> slots.release());
            attempts.add(new Attempt(client, done));
        }
        return attempts;
    }

    /** Waits for every attempt to end (each is bounded by its own timeout). */
    static void awaitAll(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            try {
                a.done.join();
            } catch (Exception ignored) {
                // counted by the caller
            }
        }
    }

    /** Failed attempts by kind (login, closed, timeout, connect, error). */
    static Map<String, Long> failuresByKind(List<Attempt> attempts) {
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        for (Attempt a : attempts) {
            if (a.done.isCompletedExceptionally()) {
                try {
                    a.done.join();
                } catch (Exception e) {
                    counts.computeIfAbsent(BenchClient.LoginFailure.kindOf(e), k -> new LongAdder()).increment();
                }
            }
        }
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    static String firstFailure(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            if (a.done.isCompletedExceptionally()) {
                try {
                    a.done.join();
                } catch (Exception e) {
                    return a.client.account() + ": " + (e.getCause() != null ? e.getCause() : e);
                }
            }
        }
        return "";
    }

    /** Connects and logs in u0001..uN, a bounded number at a time; fails if any login fails. */
    static List<BenchClient> loginAll(List<HttpClient> http, URI ws, int accounts, Options o) throws Exception {
        List<Attempt> attempts = startLogins(http, ws, 0, accounts, accounts, o.loginConcurrency, o);
        awaitAll(attempts);
        List<BenchClient> clients = attempts.stream().map(Attempt::client).toList();
        Map<String, Long> failed = failuresByKind(attempts);
        if (!failed.isEmpty()) {
            String first = firstFailure(attempts);
            BenchClient.closeAll(clients, Duration.ofSeconds(5));
            throw new IllegalStateException("logins failed " + failed + ", first: " + first);
        }
        return clients;
    }

    /** Pairs (0,1), (2,3), ...: the first of each creates the one2one chat and sends, the second receives. */
    static List<MessageLoad.Sender> setUpPairs(List<BenchClient> clients, int pairs) throws Exception {
        List<MessageLoad.Sender> senders = new ArrayList<>();
        List<CompletableFuture<JsonNode>> creates = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            BenchClient a = clients.get(2 * p);
            BenchClient b = clients.get(2 * p + 1);
            String gid = one2oneGid(a, b);
            ObjectNode params = ProtocolJson.nodes().objectNode().put("gid", gid).put("name", "").put("type", "one2one");
            params.putArray("members").add(a.userId()).add(b.userId());
            creates.add(a.request("create", params));
            senders.add(MessageLoad.Sender.of(a, gid, new int[] {b.index()}));
        }
        for (CompletableFuture<JsonNode> create : creates) {
            requireSuccess(create.get(30, TimeUnit.SECONDS), "create one2one");
        }
        return senders;
    }

    static String one2oneGid(BenchClient a, BenchClient b) {
        return Math.min(a.userId(), b.userId()) + "&" + Math.max(a.userId(), b.userId());
    }

    /** One group of every client, created by the first; the first {@code count} clients send. */
    static List<MessageLoad.Sender> setUpGroup(List<BenchClient> clients, int count) throws Exception {
        String gid = UUID.randomUUID().toString();
        ObjectNode params = ProtocolJson.nodes().objectNode().put("gid", gid).put("name", "bench group")
                .put("type", "group");
        var members = params.putArray("members");
        clients.forEach(c -> members.add(c.userId()));
        requireSuccess(clients.get(0).request("create", params).get(30, TimeUnit.SECONDS), "create group");
        List<MessageLoad.Sender> senders = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            BenchClient sender = clients.get(s);
            int[] receivers = clients.stream().filter(c -> c != sender).mapToInt(BenchClient::index).toArray();
            senders.add(MessageLoad.Sender.of(sender, gid, receivers));
        }
        return senders;
    }

    static void requireSuccess(JsonNode response, String what) {
        if (!"success".equals(response.path("result").asText())) {
            throw new IllegalStateException(what + " failed: " + response);
        }
    }

    /**
     * Waits until the server is quiet (its CPU below 0.15 cores over half a second, at least one second) or
     * {@code maxSeconds} passed: work still queued from a previous phase does not spill into the next one.
     */
    static void settle(DoubleSupplier serverCpu, int maxSeconds) throws InterruptedException {
        settle(serverCpu, maxSeconds, 0.15);
    }

    /** As {@link #settle(DoubleSupplier, int)}, quiet meaning below {@code quietCores}. */
    static void settle(DoubleSupplier serverCpu, int maxSeconds, double quietCores) throws InterruptedException {
        long start = System.nanoTime();
        double previous = serverCpu.getAsDouble();
        if (Double.isNaN(previous)) {
            Thread.sleep(2000);
            return;
        }
        while (true) {
            Thread.sleep(500);
            double now = serverCpu.getAsDouble();
            double cores = (now - previous) / 0.5;
            previous = now;
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (cores < quietCores && elapsed >= 1) {
                return;
            }
            if (elapsed >= maxSeconds) {
                System.out.printf(Locale.ROOT, "(server still busy after %d s: %.2f cores; going on)%n", maxSeconds, cores);
                return;
            }
        }
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Samples the server's heap and CPU usage once a second while a phase runs. */
    static final class HeapSampler {
        private final ServerMetrics metrics;
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;
        volatile double peakMb = Double.NaN;
        volatile Map<String, Long> backlogAtEnd = Map.of();
        private double cpuUsageSum;
        private int cpuUsageSamples;

        HeapSampler(ServerMetrics metrics) {
            this.metrics = metrics;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    sample();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            double mb = metrics.heapUsedMb();
            double cpu = metrics.cpuUsage();
            synchronized (this) {
                if (!Double.isNaN(mb) && (Double.isNaN(peakMb) || mb > peakMb)) {
                    peakMb = mb;
                }
                if (!Double.isNaN(cpu)) {
                    cpuUsageSum += cpu;
                    cpuUsageSamples++;
                }
            }
        }

        /** Mean of Micrometer's process.cpu.usage samples (fraction of all cores) while the load ran. */
        synchronized double cpuUsageAverage() {
            return cpuUsageSamples == 0 ? Double.NaN : cpuUsageSum / cpuUsageSamples;
        }

        void stop() {
            if (running.getAndSet(false)) {
                thread.interrupt();
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sample();
                backlogAtEnd = metrics.busBacklog();
            }
        }
    }
}
