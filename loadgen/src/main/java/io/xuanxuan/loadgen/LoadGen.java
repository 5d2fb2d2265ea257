package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import reactor.netty.http.client.HttpClient;

/**
 * The load generator's entry point: {@code java -jar xuanxuan-loadgen.jar <one2one|group|all> [options]}
 * (see {@link Options#USAGE}). Each scenario gets its own freshly started server (or the one at
 * {@code --url}), prints a result block and appends a row to {@code <results>/results.csv}.
 */
public final class LoadGen {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("baseline-server")) {
            io.xuanxuan.loadgen.baseline.BaselineServer.main(java.util.Arrays.copyOfRange(args, 1, args.length));
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
                runScenario(scenario, options);
            } catch (Exception e) {
                failures++;
                System.err.println("scenario " + scenario + " failed: " + e);
                e.printStackTrace();
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    static void runScenario(String scenario, Options o) throws Exception {
        double rate = o.rateFor(scenario);
        int accounts = scenario.equals("one2one") ? 2 * o.pairs : o.members;
        String params = scenario.equals("one2one")
                ? String.format(Locale.ROOT, "pairs=%d rate=%s warmup=%ds duration=%ds bytes=%d",
                        o.pairs, fmt(rate), o.warmupSeconds(), o.durationSeconds(), o.messageBytes)
                : String.format(Locale.ROOT, "members=%d senders=%d rate=%s warmup=%ds duration=%ds bytes=%d",
                        o.members, o.senders, fmt(rate), o.warmupSeconds(), o.durationSeconds(), o.messageBytes);
        String stamp = LocalDateTime.now().format(STAMP);
        System.out.println();
        System.out.println("=== " + scenario + ": " + params);

        ServerProcess server = null;
        URI ws;
        ServerMetrics metrics;
        DoubleSupplier serverCpu;
        if (o.url == null) {
            Path log = o.results.resolve("logs").resolve(stamp + "-" + scenario + "-server.log");
            long t0 = System.nanoTime();
            server = ServerProcess.start(o.jar, o.heap, accounts, o.password, log, o.serverJvmArgs, o.serverArgs,
                    Duration.ofSeconds(o.startTimeout));
            System.out.printf(Locale.ROOT, "server pid %d on %s started in %.1f s (-Xmx%s, %d accounts, log %s)%n",
                    server.pid(), server.webSocketUri(), (System.nanoTime() - t0) / 1e9, o.heap, accounts, log);
            ws = server.webSocketUri();
            metrics = server.metrics();
            serverCpu = server::cpuTimeSeconds;
        } else {
            ws = URI.create(o.url);
            metrics = new ServerMetrics(ServerMetrics.httpBaseOf(ws));
            serverCpu = metrics::cpuTimeSeconds;
            System.out.println("target " + ws + " (already running; accounts must exist)");
        }

        HttpClient http = BenchClient.httpClient();
        List<BenchClient> clients = new ArrayList<>();
        HeapSampler heap = new HeapSampler(metrics);
        try {
            long t0 = System.nanoTime();
            clients.addAll(loginAll(http, ws, accounts, o));
            System.out.printf(Locale.ROOT, "%d clients logged in in %.1f s%n", clients.size(), (System.nanoTime() - t0) / 1e9);

            List<MessageLoad.Sender> senders = scenario.equals("one2one")
                    ? setUpPairs(clients, o.pairs)
                    : setUpGroup(clients, o.senders);
            MessageLoad load = new MessageLoad(senders, rate, o.warmupSeconds(), o.durationSeconds(), o.drain,
                    o.maxOutstanding, o.messageBytes);
            clients.forEach(c -> c.listener(load));
            System.out.printf(Locale.ROOT, "sending %s msg/s for %d s warm-up + %d s measured ...%n",
                    fmt(rate), o.warmupSeconds(), o.durationSeconds());
            MessageLoad.Edges edges = load.run(serverCpu, heap::start, heap::stop);

            Result result = new Result(scenario, o.url == null ? "spawned -Xmx" + o.heap : o.url, params, o.note);
            fill(result, load, edges, metrics, heap, clients);
            List<String> warnings = server != null ? server.warnings(10) : List.of();
            result.print(System.out, load, clients, warnings);
            Path csv = result.appendCsv(o.results);
            System.out.println("appended to " + csv.toAbsolutePath());
        } finally {
            heap.stop();
            BenchClient.closeAll(clients, Duration.ofSeconds(5));
            if (server != null) {
                server.stop();
            }
        }
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
        r.put("server_heap_end_mb", fmt1(metrics.heapUsedMb()));
        r.put("server_heap_peak_mb", fmt1(heap.peakMb));
        r.put("server_heap_max_mb", fmt1(metrics.heapMaxMb()));
        r.put("server_cpu_cores", fmt2((edges.serverCpuEnd() - edges.serverCpuStart()) / window));
        r.put("server_cpu_usage_avg", fmt2(heap.cpuUsageAverage()));
        double serverCores = (edges.serverCpuEnd() - edges.serverCpuStart()) / window;
        double selfCores = (edges.selfCpuEnd() - edges.selfCpuStart()) / window;
        r.put("loadgen_cpu_cores", fmt2(selfCores));
        r.put("other_cpu_cores", fmt2((edges.machineCpuEnd() - edges.machineCpuStart()) / window - serverCores - selfCores));
        r.put("loadavg_1m", fmt2(edges.loadAverageEnd()));
        Map<String, Long> closes = metrics.byTag("xuanxuan.gateway.closes", "reason");
        r.put("server_closes", closes.isEmpty() ? "" : closes.toString().replace(",", ";"));
        r.put("bus_backlog_at_window_end", heap.backlogAtEnd.isEmpty() ? "" : heap.backlogAtEnd.toString().replace(",", ";"));
        Map<String, Long> backlogAfterDrain = metrics.busBacklog();
        r.put("bus_backlog_after_drain", backlogAfterDrain.isEmpty() ? "" : backlogAfterDrain.toString().replace(",", ";"));
        Map<String, Long> deadLetters = metrics.deadLetters();
        r.put("dead_letters", deadLetters.isEmpty() ? "" : deadLetters.toString().replace(",", ";"));
        r.put("clients_closed", clients.stream().filter(BenchClient::closedUnexpectedly).count());
    }

    /** Connects and logs in u0001..uN, a bounded number at a time. */
    static List<BenchClient> loginAll(HttpClient http, URI ws, int accounts, Options o) throws Exception {
        Semaphore slots = new Semaphore(o.loginConcurrency);
        List<CompletableFuture<BenchClient>> logins = new ArrayList<>();
        for (int i = 1; i <= accounts; i++) {
            slots.acquire();
            String account = Accounts.name(i, accounts);
            CompletableFuture<BenchClient> login = BenchClient.connect(http, ws, i - 1, account, o.outboundFrames)
                    .thenCompose(client -> client.login(o.password))
                    .whenComplete((c, e) -> slots.release());
            logins.add(login);
        }
        CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        List<BenchClient> clients = new ArrayList<>();
        for (CompletableFuture<BenchClient> login : logins) {
            clients.add(login.join());
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
            long small = Math.min(a.userId(), b.userId());
            long large = Math.max(a.userId(), b.userId());
            String gid = small + "&" + large;
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

    private static void requireSuccess(JsonNode response, String what) {
        if (!"success".equals(response.path("result").asText())) {
            throw new IllegalStateException(what + " failed: " + response);
        }
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String fmt1(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String fmt2(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Samples the server's heap and CPU usage once a second during the measured window. */
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
