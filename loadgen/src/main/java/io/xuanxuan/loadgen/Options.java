package io.xuanxuan.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command-line options: {@code <scenario>[,<scenario>] [--name=value | --name value | --flag] ...}, parsed by
 * picocli; the help text is {@link #USAGE} (written for people, grouped by scenario).
 */
@Command(name = "xuanxuan-loadgen")
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

    /** The scenarios in order, {@code all} expanded. */
    final List<String> scenarios = new ArrayList<>();

    @Parameters(paramLabel = "SCENARIO", split = ",", arity = "0..*")
    private List<String> scenarioNames = new ArrayList<>();

    @Option(names = {"--help", "-h"}, usageHelp = true)
    private boolean help;

    @Option(names = "--url")
    String url;
    @Option(names = "--metrics-url")
    String metricsUrl;
    @Option(names = "--server-pid")
    Long serverPid;
    final Map<String, Long> processes = new LinkedHashMap<>();
    final Map<String, URI> hopMetrics = new LinkedHashMap<>();
    @Option(names = "--jvm-warmup")
    int jvmWarmup;
    @Option(names = "--jvm-warmup-rate")
    Double jvmWarmupRate;
    @Option(names = "--target-kind")
    String targetKind;
    @Option(names = "--jar")
    Path jar = Path.of("standalone/target/xuanxuan-standalone.jar");
    @Option(names = "--heap")
    String heap = "512m";
    @Option(names = "--bcrypt-strength")
    Integer bcryptStrength;
    @Option(names = "--server-arg")
    List<String> serverArgs = new ArrayList<>();
    @Option(names = "--server-jvm-arg")
    List<String> serverJvmArgs = new ArrayList<>();
    @Option(names = "--password")
    String password = "bench-pass";
    @Option(names = "--short", arity = "0..1")
    boolean shortMode;
    @Option(names = "--duration")
    Integer duration;
    @Option(names = "--warmup")
    Integer warmup;
    @Option(names = "--rate")
    Double rate;
    List<Double> rates;
    @Option(names = "--break-p99-ms")
    double breakP99Ms = 1000;
    @Option(names = "--pairs")
    int pairs = 50;
    @Option(names = "--members")
    int members = 100;
    @Option(names = "--senders")
    int senders = 5;
    @Option(names = "--message-bytes")
    int messageBytes = 100;
    @Option(names = "--max-outstanding")
    Integer maxOutstanding;
    @Option(names = "--drain")
    int drain = 30;
    @Option(names = "--outbound-frames")
    int outboundFrames = 8192;
    @Option(names = "--login-concurrency")
    int loginConcurrency = 16;
    @Option(names = "--login-timeout")
    int loginTimeout = 60;
    @Option(names = "--start-timeout")
    Integer startTimeout;
    @Option(names = "--sessions")
    int sessions = 2000;
    @Option(names = "--source-addresses")
    int sourceAddresses = 4;
    @Option(names = "--idle")
    int idle = 5;
    @Option(names = "--storm-concurrency")
    int stormConcurrency = 2000;
    @Option(names = "--queued")
    int queued = 10000;
    @Option(names = "--messages-per-request")
    int messagesPerRequest = 10;
    @Option(names = "--flush-timeout")
    int flushTimeout = 300;
    @Option(names = "--results")
    Path results = Path.of("bench/results");
    @Option(names = "--run")
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    @Option(names = "--note")
    String note = "";

    @Option(names = "--process", paramLabel = "NAME=PID")
    private void process(String nameAndPid) {
        String[] nv = nameValue("--process", nameAndPid);
        processes.put(nv[0], Long.parseLong(nv[1]));
    }

    @Option(names = "--hop-metrics", paramLabel = "NAME=URL")
    private void hopMetrics(String nameAndUrl) {
        String[] nv = nameValue("--hop-metrics", nameAndUrl);
        hopMetrics.put(nv[0], URI.create(nv[1]));
    }

    @Option(names = "--rates", paramLabel = "R1,R2,...")
    private void rates(String list) {
        rates = new ArrayList<>();
        for (String r : list.split(",")) {
            if (!r.isBlank()) {
                rates.add(Double.parseDouble(r.trim()));
            }
        }
    }

    /**
     * Parses the command line (picocli: {@code --name=value} or {@code --name value}); a usage error or
     * {@code --help} is an {@link IllegalArgumentException} (empty message for help), after which the caller
     * prints {@link #USAGE}.
     */
    static Options parse(String[] args) {
        Options o = CommandLines.parse(new Options(), args);
        for (String s : o.scenarioNames) {
            if (s.equals("all")) {
                o.scenarios.add("one2one");
                o.scenarios.add("group");
            } else if (SCENARIOS.contains(s)) {
                o.scenarios.add(s);
            } else {
                throw new IllegalArgumentException("unknown scenario '" + s + "'");
            }
        }
        o.validate();
        return o;
    }

    private void validate() {
        Options o = this;
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
