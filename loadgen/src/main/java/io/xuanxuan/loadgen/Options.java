package io.xuanxuan.loadgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Command-line options: {@code <scenario>[,<scenario>] [--name=value | --name value | --flag] ...}. */
final class Options {

    static final String USAGE = """
            usage: java -jar loadgen/target/xuanxuan-loadgen.jar <one2one|group|all>[,...] [options]

            target (default: start standalone/target/xuanxuan-standalone.jar as a child process per scenario)
              --url=ws://host:port/ws     use a running server instead (accounts u0001.. must exist there,
                                          all with --password; rate limits must be high enough)
              --jar=PATH                  server jar to start (default standalone/target/xuanxuan-standalone.jar)
              --heap=512m                 -Xmx of the started server
              --server-arg=--name=value   extra server argument (repeatable)
              --server-jvm-arg=-Xlog:gc   extra JVM option for the started server (repeatable)
              --password=bench-pass       password of every bench account

            load
              --short                     10 s measured after 10 s warm-up (unless --duration/--warmup given)
              --duration=20 --warmup=5    seconds measured; seconds of warm-up before it (rate ramps from 10 %
                                          to 100 %; sent and checked for loss, not in latency or rates)
              --rate=R                    total target messages/s over all senders (one2one 500, group 5)
              --pairs=50                  one2one: sender/receiver pairs, one one2one chat each
              --members=100               group: members of the one group chat, all online
              --senders=5                 group: how many of the members send
              --message-bytes=100         content length of each message
              --max-outstanding=1000      per connection: unanswered requests above which its sends are skipped
              --drain=30                  max seconds to wait for outstanding responses and deliveries
              --results=bench/results     where results.csv (and server logs) go
              --note=TEXT                 free text for the results row
            """;

    final List<String> scenarios = new ArrayList<>();
    String url;
    Path jar = Path.of("standalone/target/xuanxuan-standalone.jar");
    String heap = "512m";
    final List<String> serverArgs = new ArrayList<>();
    final List<String> serverJvmArgs = new ArrayList<>();
    String password = "bench-pass";
    boolean shortMode;
    Integer duration;
    Integer warmup;
    Double rate;
    int pairs = 50;
    int members = 100;
    int senders = 5;
    int messageBytes = 100;
    int maxOutstanding = 1000;
    int drain = 30;
    int outboundFrames = 8192;
    int loginConcurrency = 16;
    int startTimeout = 180;
    Path results = Path.of("bench/results");
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
                    } else if (s.equals("one2one") || s.equals("group")) {
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
                case "--jar" -> o.jar = Path.of(value);
                case "--heap" -> o.heap = value;
                case "--server-arg" -> o.serverArgs.add(value);
                case "--server-jvm-arg" -> o.serverJvmArgs.add(value);
                case "--password" -> o.password = value;
                case "--short" -> o.shortMode = Boolean.parseBoolean(value);
                case "--duration" -> o.duration = Integer.parseInt(value);
                case "--warmup" -> o.warmup = Integer.parseInt(value);
                case "--rate" -> o.rate = Double.parseDouble(value);
                case "--pairs" -> o.pairs = Integer.parseInt(value);
                case "--members" -> o.members = Integer.parseInt(value);
                case "--senders" -> o.senders = Integer.parseInt(value);
                case "--message-bytes" -> o.messageBytes = Integer.parseInt(value);
                case "--max-outstanding" -> o.maxOutstanding = Integer.parseInt(value);
                case "--drain" -> o.drain = Integer.parseInt(value);
                case "--outbound-frames" -> o.outboundFrames = Integer.parseInt(value);
                case "--login-concurrency" -> o.loginConcurrency = Integer.parseInt(value);
                case "--start-timeout" -> o.startTimeout = Integer.parseInt(value);
                case "--results" -> o.results = Path.of(value);
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
        if (o.messageBytes < 24) {
            o.messageBytes = 24;
        }
        return o;
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
}
