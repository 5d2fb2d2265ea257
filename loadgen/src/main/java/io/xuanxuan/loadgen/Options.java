package io.xuanxuan.loadgen;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Command-line options: {@code <scenario>[,<scenario>] [--name=value | --name value | --flag] ...}. */
final class Options {

    static final List<String> SCENARIOS = List.of("one2one", "group", "sessions", "logins", "flush");

    static final String USAGE = """
            usage: java -jar loadgen/target/xuanxuan-loadgen.jar <scenario>[,...] [options]
                   java -jar loadgen/target/xuanxuan-loadgen.jar baseline-server [--port=9100] [--accounts=N]
                   java -jar loadgen/target/xuanxuan-loadgen.jar chaos [options]   (bench/chaos.sh; see ChaosLoad)

            scenarios (each appends one row per run, or per step, to <results>/<scenario>.csv)
              one2one     pairs of clients, one one2one chat each; open-loop messages, latency send->push
              group       one group chat of --members, --senders of them send; fan-out
              all         = one2one,group
              sessions    --sessions idle logged-in connections: login rate, server heap/RSS per session
                          (jcmd GC.run + GC.heap_info, /proc/<pid>/status; needs the server's pid), idle CPU
              logins      login storm: --sessions log in (cold), close, and all reconnect+log in at once
              flush       offline flush: B sends --queued messages to offline A; A logs in and receives them

            target (default: start standalone/target/xuanxuan-standalone.jar as a child process per scenario)
              --url=ws://host:port/ws     use a running server instead (accounts u0001.. must exist there,
                                          all with --password; rate limits must be high enough)
              --metrics-url=http://h:p    the --url server's actuator (default: the --url's host and port;
                                          the standalone server and the gateways serve it on a management
                                          port, 9080 by default)
              --server-pid=P              pid of the --url server on this machine: heap/RSS (jcmd, /proc), CPU
              --process=NAME=PID          a process of the measured system whose CPU (/proc/<pid>/stat) counts in
                                          the window's CPU figures (repeatable; default: the server's pid alone;
                                          bench/run.sh names every process of the distributed system)
              --hop-metrics=NAME=URL      an actuator base (http://127.0.0.1:8182) whose per-hop timers
                                          (xuanxuan.command.duration, xuanxuan.bus.consume.delay) are scraped from
                                          /actuator/prometheus at the window's edges (repeatable; default: the
                                          started standalone server's)
              --target-kind=KIND          results column: default standalone (spawned) or external (--url);
                                          scripts pass baseline or distributed
              --jar=PATH                  server jar to start (default standalone/target/xuanxuan-standalone.jar)
              --heap=512m                 -Xmx of the started server
              --bcrypt-strength=4         bcrypt cost of the started server's accounts (with --url: only
                                          recorded, as the strength the target was started with)
              --server-arg=--name=value   extra server argument (repeatable)
              --server-jvm-arg=-Xlog:gc   extra JVM option for the started server (repeatable)
              --password=bench-pass       password of every bench account
              --start-timeout=S           seconds the started server may take (default 180 + the account
                                          import: every password is bcrypt-hashed at start-up)

            load (one2one, group)
              --short                     10 s measured after 10 s warm-up (unless --duration/--warmup given)
              --duration=20 --warmup=5    seconds measured; seconds of warm-up before it (rate ramps from 10 %
                                          to 100 %; sent and checked for loss, not in latency or rates)
              --jvm-warmup=0              one2one, group: seconds of load at --jvm-warmup-rate before the first
                                          step, not counted (warms the JVMs' JIT and caches), then a drain and
                                          a wait until the server is quiet
              --jvm-warmup-rate=R         its rate (default: a quarter of the lowest rate of the scenario)
              --rate=R                    total target messages/s over all senders (one2one 500, group 5;
                                          flush: pace the queued messages at R msg/s, default unpaced)
              --rates=R1,R2,...           one2one step mode: one measurement per rate on the same server and
                                          clients; stops after the first step that breaks (see below)
              --break-p99-ms=1000         a step breaks when p99 > this, missing > 0, or answered success
                                          msg/s < 95 % of the step's rate
              --pairs=50                  one2one: sender/receiver pairs, one one2one chat each
              --members=100               group: members of the one group chat, all online
              --senders=5                 group: how many of the members send
              --message-bytes=100         content length of each message
              --max-outstanding=N         per connection: unanswered requests above which its sends wait
                                          (one2one/group: skipped, default 1000; flush: default 20)
              --drain=30                  max seconds to wait for outstanding responses and deliveries

            sessions, logins
              --sessions=2000             accounts/connections (at most the open-file limit minus 500: one
                                          process can hold only that many sockets; checked at start)
              --source-addresses=4        spread client sockets over source addresses 127.0.0.1..127.0.0.K
                                          (loopback targets only), so ephemeral ports do not run out
              --login-concurrency=16      logins in flight while connecting (every scenario's set-up)
              --login-timeout=60          seconds one connect+login may take before it counts as failed
              --idle=5                    sessions: seconds all sessions stay idle (server CPU measured)
              --storm-concurrency=2000    logins: reconnect+logins in flight during the storm

            flush
              --queued=10000              messages queued for the offline receiver
              --messages-per-request=10   messages per message request of the sender
              --flush-timeout=300         max seconds to wait for the queued messages after the login

            output
              --results=bench/results     where <scenario>.csv (and server logs) go
              --run=ID                    run id column (default: this load generator's start time)
              --note=TEXT                 free text for the results row
            """;

    final List<String> scenarios = new ArrayList<>();
    String url;
    String metricsUrl;
    Long serverPid;
    final java.util.Map<String, Long> processes = new java.util.LinkedHashMap<>();
    final java.util.Map<String, java.net.URI> hopMetrics = new java.util.LinkedHashMap<>();
    int jvmWarmup;
    Double jvmWarmupRate;
    String targetKind;
    Path jar = Path.of("standalone/target/xuanxuan-standalone.jar");
    String heap = "512m";
    Integer bcryptStrength;
    final List<String> serverArgs = new ArrayList<>();
    final List<String> serverJvmArgs = new ArrayList<>();
    String password = "bench-pass";
    boolean shortMode;
    Integer duration;
    Integer warmup;
    Double rate;
    List<Double> rates;
    double breakP99Ms = 1000;
    int pairs = 50;
    int members = 100;
    int senders = 5;
    int messageBytes = 100;
    Integer maxOutstanding;
    int drain = 30;
    int outboundFrames = 8192;
    int loginConcurrency = 16;
    int loginTimeout = 60;
    Integer startTimeout;
    int sessions = 2000;
    int sourceAddresses = 4;
    int idle = 5;
    int stormConcurrency = 2000;
    int queued = 10000;
    int messagesPerRequest = 10;
    int flushTimeout = 300;
    Path results = Path.of("bench/results");
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String note = "";

    static Options parse(String[] args) {
        Options o = new Options();
        Set<String> flags = new HashSet<>(Set.of("--short", "--help", "-h"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                for (String s : arg.split(",")) {
                    if (s.equals("all")) {
                        o.scenarios.add("one2one");
                        o.scenarios.add("group");
                    } else if (SCENARIOS.contains(s)) {
                        o.scenarios.add(s);
                    } else {
                        throw new IllegalArgumentException("unknown scenario '" + s + "'");
                    }
                }
                continue;
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (flags.contains(arg)) {
                name = arg;
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                name = arg;
                value = args[++i];
            }
            switch (name) {
                case "--help", "-h" -> throw new IllegalArgumentException("");
                case "--url" -> o.url = value;
                case "--metrics-url" -> o.metricsUrl = value;
                case "--server-pid" -> o.serverPid = Long.parseLong(value);
                case "--target-kind" -> o.targetKind = value;
                case "--process" -> {
                    String[] nv = nameValue(name, value);
                    o.processes.put(nv[0], Long.parseLong(nv[1]));
                }
                case "--hop-metrics" -> {
                    String[] nv = nameValue(name, value);
                    o.hopMetrics.put(nv[0], java.net.URI.create(nv[1]));
                }
                case "--jvm-warmup" -> o.jvmWarmup = Integer.parseInt(value);
                case "--jvm-warmup-rate" -> o.jvmWarmupRate = Double.parseDouble(value);
                case "--jar" -> o.jar = Path.of(value);
                case "--heap" -> o.heap = value;
                case "--bcrypt-strength" -> o.bcryptStrength = Integer.parseInt(value);
                case "--server-arg" -> o.serverArgs.add(value);
                case "--server-jvm-arg" -> o.serverJvmArgs.add(value);
                case "--password" -> o.password = value;
                case "--short" -> o.shortMode = Boolean.parseBoolean(value);
                case "--duration" -> o.duration = Integer.parseInt(value);
                case "--warmup" -> o.warmup = Integer.parseInt(value);
                case "--rate" -> o.rate = Double.parseDouble(value);
                case "--rates" -> {
                    o.rates = new ArrayList<>();
                    for (String r : value.split(",")) {
                        if (!r.isBlank()) {
                            o.rates.add(Double.parseDouble(r.trim()));
                        }
                    }
                }
                case "--break-p99-ms" -> o.breakP99Ms = Double.parseDouble(value);
                case "--pairs" -> o.pairs = Integer.parseInt(value);
                case "--members" -> o.members = Integer.parseInt(value);
                case "--senders" -> o.senders = Integer.parseInt(value);
                case "--message-bytes" -> o.messageBytes = Integer.parseInt(value);
                case "--max-outstanding" -> o.maxOutstanding = Integer.parseInt(value);
                case "--drain" -> o.drain = Integer.parseInt(value);
                case "--outbound-frames" -> o.outboundFrames = Integer.parseInt(value);
                case "--login-concurrency" -> o.loginConcurrency = Integer.parseInt(value);
                case "--login-timeout" -> o.loginTimeout = Integer.parseInt(value);
                case "--start-timeout" -> o.startTimeout = Integer.parseInt(value);
                case "--sessions" -> o.sessions = Integer.parseInt(value);
                case "--source-addresses" -> o.sourceAddresses = Integer.parseInt(value);
                case "--idle" -> o.idle = Integer.parseInt(value);
                case "--storm-concurrency" -> o.stormConcurrency = Integer.parseInt(value);
                case "--queued" -> o.queued = Integer.parseInt(value);
                case "--messages-per-request" -> o.messagesPerRequest = Integer.parseInt(value);
                case "--flush-timeout" -> o.flushTimeout = Integer.parseInt(value);
                case "--results" -> o.results = Path.of(value);
                case "--run" -> o.run = value;
                case "--note" -> o.note = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (o.scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenario given");
        }
        if (o.members < 2 || o.pairs < 1 || o.senders < 1 || o.senders > o.members) {
            throw new IllegalArgumentException("need pairs >= 1, members >= 2, 1 <= senders <= members");
        }
        if (o.sessions < 1 || o.queued < 1 || o.messagesPerRequest < 1 || o.loginConcurrency < 1
                || o.stormConcurrency < 1 || o.idle < 0) {
            throw new IllegalArgumentException("need sessions, queued, messages-per-request, login-concurrency,"
                    + " storm-concurrency >= 1 and idle >= 0");
        }
        if (o.sourceAddresses < 1 || o.sourceAddresses > 254) {
            throw new IllegalArgumentException("--source-addresses must be 1..254");
        }
        if (o.rates != null && (o.rates.isEmpty() || o.rates.stream().anyMatch(r -> r <= 0))) {
            throw new IllegalArgumentException("--rates needs one or more positive rates");
        }
        if (o.serverPid != null && o.url == null) {
            throw new IllegalArgumentException("--server-pid is for --url targets (a spawned server's pid is known)");
        }
        if (o.jvmWarmup < 0 || (o.jvmWarmupRate != null && o.jvmWarmupRate <= 0)) {
            throw new IllegalArgumentException("--jvm-warmup must be >= 0 and --jvm-warmup-rate > 0");
        }
        if (o.messageBytes < 24) {
            o.messageBytes = 24;
        }
        return o;
    }

    /** {@code NAME=VALUE} split at the first '='. */
    private static String[] nameValue(String option, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException(option + " needs NAME=VALUE, got '" + value + "'");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    /** The JVM warm-up's rate: given, or a quarter of the scenario's lowest rate. */
    double jvmWarmupRateFor(String scenario) {
        if (jvmWarmupRate != null) {
            return jvmWarmupRate;
        }
        return stepRates(scenario).stream().mapToDouble(Double::doubleValue).min().orElse(1) / 4;
    }

    int durationSeconds() {
        return duration != null ? duration : shortMode ? 10 : 20;
    }

    int warmupSeconds() {
        return warmup != null ? warmup : shortMode ? 10 : 5;
    }

    double rateFor(String scenario) {
        if (rate != null) {
            return rate;
        }
        return scenario.equals("group") ? 5 : 500;
    }

    /** The rates a message scenario runs at, in order: {@code --rates} (one2one only) or the single rate. */
    List<Double> stepRates(String scenario) {
        if (rates != null && scenario.equals("one2one")) {
            return rates;
        }
        return List.of(rateFor(scenario));
    }

    int maxOutstandingFor(String scenario) {
        if (maxOutstanding != null) {
            return maxOutstanding;
        }
        return scenario.equals("flush") ? 20 : 1000;
    }

    String targetKind() {
        if (targetKind != null && !targetKind.isBlank()) {
            return targetKind;
        }
        return url == null ? "standalone" : "external";
    }

    /**
     * Seconds a spawned server may take to start: given, or 180 plus the time its account import may take
     * (every imported password is hashed with bcrypt at start-up: ~0.1 s per account at strength 10 here).
     */
    int startTimeoutFor(int accounts) {
        if (startTimeout != null) {
            return startTimeout;
        }
        return 180 + (int) Math.ceil(accounts * Math.pow(2, spawnedBcryptStrength()) / 10_000.0);
    }

    /** The bcrypt strength a spawned server uses (4 unless given). */
    int spawnedBcryptStrength() {
        return bcryptStrength != null ? bcryptStrength : 4;
    }
}
