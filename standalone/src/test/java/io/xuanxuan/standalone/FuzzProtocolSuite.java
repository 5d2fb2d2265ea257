package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.testclient.ProtocolClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A seeded fuzz test (issue 10): at least {@link #fuzzFrames()} generated frames per run over real
 * connections of the class's transport (WebSocket, or the 1.0 client's TCP lines: see {@link ProtocolFuzzer}) ({@link ProtocolFuzzer}: malformed JSON, wrong types for every field of every
 * method, before and after login, deep nesting, huge numbers, long strings, invalid UTF-8, binary,
 * oversized and fragmented frames, broken framing, close codes). It asserts that every frame got a
 * well-formed answer or a clean close with a proper code (no reset, no silence), that another
 * connection's {@code ping} was answered throughout, and that the server logged no ERROR.
 *
 * <p>The seed is printed; {@code -Dxx.fuzz.seed=N} repeats a run, {@code -Dxx.fuzz.frames=N} changes its
 * size. The workers log in as the accounts {@code fuzz1..fuzz6} of test-accounts.csv and touch only their
 * own chats (and ids no user has), so the other protocol tests sharing the server see nothing of them.
 * The per-connection rate limit is not raised for this test: each connection gets at most ~70 frames in
 * lock step, far below the test server's burst (StandaloneServerTest: 2,000).
 */
public interface FuzzProtocolSuite extends ProtocolTestSupport {

    List<String> WORKERS = List.of("fuzz1", "fuzz2", "fuzz3", "fuzz4", "fuzz5", "fuzz6");

    /** How many generated frames (messages; fragmented ones count once) a run throws at the server. */
    default int fuzzFrames() {
        return Integer.getInteger("xx.fuzz.frames", 20_000);
    }

    @Test
    default void theMethodTableOfTheFuzzerIsTheProtocols() {
        List<String> fuzzed = ProtocolFuzzer.METHODS.stream()
                .map(m -> Request.routeOf(m.module(), m.name())).toList();
        for (String route : fuzzed) {
            assertThat(Methods.owner(route)).as(route).isPresent();
        }
        // every method name constant of Methods that is a routable request is fuzzed
        List<String> routable = new ArrayList<>();
        for (Field field : Methods.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().startsWith("MODULE_")) {
                try {
                    String route = Methods.route((String) field.get(null));
                    if (Methods.owner(route).isPresent()) {
                        routable.add(route);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        routable.add(Request.routeOf(Methods.MODULE_ATTACH, Methods.GET_LIST));
        assertThat(fuzzed).containsAll(routable);
    }

    @Test
    default void generatedFramesAreAnsweredOrClosedCleanlyWhileOthersAreServed() throws Exception {
        long seed = Long.getLong("xx.fuzz.seed", System.nanoTime());
        int frames = fuzzFrames();
        System.out.println("fuzz: seed " + seed + ", " + frames + " frames (repeat with -Dxx.fuzz.seed=" + seed + ")");

        ServerLog log = ServerLog.attach();
        Watcher watcher = new Watcher(client("fuzzwatch"));
        ProtocolFuzzer fuzzer = new ProtocolFuzzer(this, seed, frames);
        long started = System.nanoTime();
        try {
            watcher.start();
            fuzzer.run(WORKERS);
        } finally {
            watcher.stop();
            log.detach();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "fuzz: seed %d: %d frames (%d %s on the wire) over %d connections"
                        + " in %.1f s; control pings %d answered, %d not, slowest %d ms%n",
                seed, fuzzer.generated(), fuzzer.wireFrames(),
                transport() == Transport.TCP ? "TCP writes" : "WebSocket frames", fuzzer.connections(), seconds, watcher.answered.sum(),
                watcher.unanswered.sum(), watcher.slowestMillis.get());
        System.out.println("fuzz: outcomes per category (answer:result, close:code; + marks extra events):");
        System.out.print(fuzzer.table());
        System.out.println("fuzz: server log during the run: " + log.summary());
        System.out.println("fuzz: params sent with a wrong type: " + fuzzer.wrongTypeCoverage().size() + " of "
                + ProtocolFuzzer.wrongTypeTargets().size() + " (method.param before/after login)");
        fuzzer.failures().forEach(f -> System.out.println("fuzz FAILURE: " + f));

        assertThat(fuzzer.generated()).as("frames generated").isGreaterThanOrEqualTo(frames);
        if (frames >= 2_000) {
            // every param of every method (and every field of a message) was sent with a wrong type
            assertThat(fuzzer.wrongTypeCoverage()).containsAll(ProtocolFuzzer.wrongTypeTargets());
        }
        assertThat(fuzzer.failures()).as("frames without a well-formed answer or a clean close (seed " + seed + ")")
                .isEmpty();
        assertThat(watcher.unanswered.sum()).as("control pings without an answer").isZero();
        assertThat(watcher.answered.sum()).as("control pings answered").isPositive();
        assertThat(log.errors()).as("ERROR lines in the server's log (seed " + seed + ")").isEmpty();
    }

    /** Another logged-in connection that sends {@code ping} over and over while the fuzzer runs. */
    final class Watcher {
        private final ProtocolClient client;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final LongAdder answered = new LongAdder();
        final LongAdder unanswered = new LongAdder();
        final AtomicLong slowestMillis = new AtomicLong();
        private final Thread thread;

        Watcher(ProtocolClient client) {
            this.client = client;
            this.thread = new Thread(this::loop, "fuzz-watcher");
        }

        void start() {
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                long sent = System.nanoTime();
                try {
                    JsonNode pong = client.request(client.envelope("chat", "ping", null));
                    if ("success".equals(pong.path("result").asText())) {
                        answered.increment();
                    } else {
                        unanswered.increment();
                    }
                } catch (AssertionError e) {
                    unanswered.increment();
                }
                slowestMillis.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            client.close();
        }
    }

    /** WARN and ERROR events of every logger while the fuzzer runs (a Logback appender on the root logger). */
    final class ServerLog extends AppenderBase<ILoggingEvent> {
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, LongAdder> warnings = new ConcurrentHashMap<>();

        static ServerLog attach() {
            ServerLog log = new ServerLog();
            log.setName("fuzz-server-log");
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            log.setContext(root.getLoggerContext());
            log.start();
            root.addAppender(log);
            return log;
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                if (errors.size() < 20) {
                    errors.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() != null ? " (" + event.getThrowableProxy().getClassName() + ": "
                            + event.getThrowableProxy().getMessage() + ")" : ""));
                }
            } else if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.computeIfAbsent(event.getLoggerName() + (event.getThrowableProxy() != null
                        ? " (with " + event.getThrowableProxy().getClassName() + ")" : ""), k -> new LongAdder()).increment();
            }
        }

        List<String> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        String summary() {
            Map<String, Long> counts = new TreeMap<>();
            warnings.forEach((logger, n) -> counts.put(logger, n.sum()));
            return errors.size() + " ERROR, WARN by logger " + counts;
        }
    }
}
