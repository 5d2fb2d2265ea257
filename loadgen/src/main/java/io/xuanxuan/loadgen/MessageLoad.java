package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The measuring engine both scenarios share: senders each post into one chat, the receivers are that
 * chat's other members.
 *
 * <p>Sending is open-loop: one pacing thread sends message k of the measured window at
 * {@code windowStart + k/R} whatever the answers do (a late thread catches up at once), round-robin over the
 * senders, and each message carries that intended send time ({@link System#nanoTime()}) at the start of its
 * content. During the warm-up the rate ramps linearly from 10 % to 100 % of R. It is bounded: a sender with
 * more than {@code maxOutstanding} unanswered requests, or a full outbound queue, skips its message (counted).
 *
 * <p>Counting: a message is <em>accepted</em> when its {@code success} response names its gid; every
 * accepted message must reach every receiver of its chat as a {@code message} push (checked by gid and
 * receiver); a second push of the same gid to the same receiver is a duplicate. End-to-end latency (intended
 * send time to arrival of the push frame at the receiver, both in this JVM) is recorded for messages
 * sent in the measured window; warm-up messages are counted for loss but not for latency or rates.
 */
final class MessageLoad implements BenchClient.Listener {

    /** One sending connection, the chat it posts to, and the clients (by index) that must get its messages. */
    record Sender(BenchClient client, String cgid, int[] receivers, BitSet expected) {
        static Sender of(BenchClient client, String cgid, int[] receivers) {
            BitSet expected = new BitSet();
            for (int r : receivers) {
                expected.set(r);
            }
            return new Sender(client, cgid, receivers, expected);
        }
    }

    /** What is known about one sent message. */
    static final class Sent {
        final Sender sender;
        final boolean measured;
        volatile boolean accepted;
        volatile boolean answered;
        final BitSet got = new BitSet();
        int gotCount;

        Sent(Sender sender, boolean measured) {
            this.sender = sender;
            this.measured = measured;
        }
    }

    private final List<Sender> senders;
    private final double rate;
    private final long warmupNanos;
    private final long durationNanos;
    private final long drainNanos;
    private final int maxOutstanding;
    private final String padding;
    private final String runId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    final Histogram ackLatency = new ConcurrentHistogram(3_600_000_000L, 3);
    final LongAdder sentTotal = new LongAdder();
    final LongAdder sentInWindow = new LongAdder();
    final LongAdder skippedBackpressure = new LongAdder();
    final LongAdder skippedOutboundFull = new LongAdder();
    final LongAdder skippedClosed = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder acceptedInWindow = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder expectedDeliveries = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder deliveredInWindow = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder unknownGid = new LongAdder();
    final LongAdder unexpectedReceiver = new LongAdder();
    final LongAdder otherResponses = new LongAdder();
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    /** By second since the start: new deliveries received, messages sent, success responses received. */
    private final AtomicLongArray deliveredPerSecond;
    private final AtomicLongArray sentPerSecond;
    private final AtomicLongArray acceptedPerSecond;

    private volatile long start;
    private volatile long windowStart;
    private volatile long windowEnd;
    long missing;
    long deliveredWithoutAcceptance;
    final List<String> missingExamples = new ArrayList<>();
    double drainSeconds;

    MessageLoad(List<Sender> senders, double rate, int warmupSeconds, int durationSeconds, int drainSeconds,
                int maxOutstanding, int messageBytes) {
        this.senders = senders;
        this.rate = rate;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.durationNanos = TimeUnit.SECONDS.toNanos(durationSeconds);
        this.drainNanos = TimeUnit.SECONDS.toNanos(drainSeconds);
        this.maxOutstanding = maxOutstanding;
        // content = "<nanoTime> " + padding; a nanoTime has up to 19 digits
        this.padding = "x".repeat(Math.max(1, messageBytes - 20));
        int seconds = warmupSeconds + durationSeconds + drainSeconds + 2;
        this.deliveredPerSecond = new AtomicLongArray(seconds);
        this.sentPerSecond = new AtomicLongArray(seconds);
        this.acceptedPerSecond = new AtomicLongArray(seconds);
    }

    /** Samples taken at the window's edges (CPU time of the server and of this process). */
    record Edges(double serverCpuStart, double serverCpuEnd, double selfCpuStart, double selfCpuEnd,
                 double machineCpuStart, double machineCpuEnd, double loadAverageEnd) {
    }

    /**
     * Runs warm-up, the measured window and the drain; samples {@code serverCpu} and this process's CPU
     * time at the window's edges, where it also runs the two callbacks (on a timer thread).
     */
    Edges run(DoubleSupplier serverCpu, Runnable atWindowStart, Runnable atWindowEnd) throws InterruptedException {
        double[] samples = new double[7];
        ScheduledExecutorService edges = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "window-edges");
            t.setDaemon(true);
            return t;
        });
        start = System.nanoTime();
        windowStart = start + warmupNanos;
        windowEnd = windowStart + durationNanos;
        edges.schedule(() -> {
            samples[0] = serverCpu.getAsDouble();
            samples[2] = selfCpuSeconds();
            samples[4] = Machine.busyCpuSeconds();
            atWindowStart.run();
        }, windowStart - System.nanoTime(), TimeUnit.NANOSECONDS);
        edges.schedule(() -> {
            samples[1] = serverCpu.getAsDouble();
            samples[3] = selfCpuSeconds();
            samples[5] = Machine.busyCpuSeconds();
            samples[6] = Machine.loadAverage();
            atWindowEnd.run();
        }, windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);

        pace();
        long drainStart = System.nanoTime();
        drain();
        drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        edges.shutdown();
        edges.awaitTermination(10, TimeUnit.SECONDS);
        tally();
        return new Edges(samples[0], samples[1], samples[2], samples[3], samples[4], samples[5], samples[6]);
    }

    static double selfCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private void pace() {
        double nanosPerMessage = 1e9 / rate;
        long park = Math.max(50_000L, Math.min(1_000_000L, (long) nanosPerMessage));
        int count = senders.size();
        Map<Sender, String> prefixes = new ConcurrentHashMap<>();
        for (Sender sender : senders) {
            prefixes.put(sender, "{\"module\":\"chat\",\"method\":\"message\",\"sid\":"
                    + ProtocolJson.write(sender.client().sid())
                    + ",\"params\":{\"messages\":[{\"cgid\":" + ProtocolJson.write(sender.cgid())
                    + ",\"type\":\"normal\",\"contentType\":\"text\",\"gid\":\"");
        }
        StringBuilder frame = new StringBuilder(256 + padding.length());
        // warm-up ramps the rate linearly from 10 % to 100 %: a cold server (JIT, caches) is not buried
        // under a backlog that would still be draining in the measured window
        double w = warmupNanos;
        double warmupMessages = warmupNanos == 0 ? 0 : rate * (0.1 * w + 0.45 * w) / 1e9;
        long k = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= windowEnd) {
                return;
            }
            double elapsed = now - start;
            long due;
            if (elapsed < w) {
                due = (long) (rate * (0.1 * elapsed + 0.45 * elapsed * elapsed / w) / 1e9) + 1;
            } else {
                due = (long) (warmupMessages + (elapsed - w) / nanosPerMessage) + 1;
            }
            while (k < due) {
                long intended;
                if (k < warmupMessages) {
                    intended = now;
                } else {
                    intended = windowStart + (long) ((k - warmupMessages) * nanosPerMessage);
                }
                if (intended >= windowEnd) {
                    break;
                }
                Sender sender = senders.get((int) (k % count));
                k++;
                BenchClient client = sender.client();
                if (client.isClosed()) {
                    skippedClosed.increment();
                    continue;
                }
                if (client.outstanding().get() >= maxOutstanding) {
                    skippedBackpressure.increment();
                    continue;
                }
                String gid = runId + "-" + k;
                boolean measured = intended >= windowStart;
                Sent record = new Sent(sender, measured);
                sent.put(gid, record);
                frame.setLength(0);
                frame.append(prefixes.get(sender)).append(gid).append("\",\"content\":\"")
                        .append(intended).append(' ').append(padding).append("\"}]}}");
                client.outstanding().incrementAndGet();
                if (!client.send(frame.toString())) {
                    client.outstanding().decrementAndGet();
                    sent.remove(gid);
                    skippedOutboundFull.increment();
                    continue;
                }
                sentTotal.increment();
                if (measured) {
                    sentInWindow.increment();
                }
                bump(sentPerSecond, System.nanoTime());
            }
            LockSupport.parkNanos(park);
        }
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + drainNanos;
        while (System.nanoTime() < deadline) {
            if (answered.sum() >= sentTotal.sum() && delivered.sum() >= expectedDeliveries.sum()
                    && senders.stream().allMatch(s -> s.client().outstanding().get() <= 0)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private void tally() {
        for (Map.Entry<String, Sent> entry : sent.entrySet()) {
            Sent s = entry.getValue();
            int got;
            synchronized (s) {
                got = s.gotCount;
            }
            if (s.accepted) {
                int lost = s.sender.receivers().length - got;
                if (lost > 0) {
                    missing += lost;
                    if (missingExamples.size() < 5) {
                        missingExamples.add(entry.getKey() + " (from " + s.sender.client().account() + ", "
                                + lost + " receiver(s) missing)");
                    }
                }
            } else if (got > 0) {
                deliveredWithoutAcceptance++;
            }
        }
    }

    private void bump(AtomicLongArray perSecond, long nanos) {
        int second = (int) ((nanos - start) / 1_000_000_000L);
        if (second >= 0 && second < perSecond.length()) {
            perSecond.incrementAndGet(second);
        }
    }

    private static long sendTimeOf(JsonNode message) {
        String content = message.path("content").asText("");
        int space = content.indexOf(' ');
        try {
            return Long.parseLong(space > 0 ? content.substring(0, space) : content);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    @Override
    public void onResponse(BenchClient client, JsonNode response, long receivedNanos) {
        if (!"message".equalsIgnoreCase(response.path("method").asText())) {
            otherResponses.increment();
            return;
        }
        client.outstanding().decrementAndGet();
        answered.increment();
        if (!"success".equals(response.path("result").asText())) {
            failed.increment();
            if (failures.size() < 5) {
                failures.add(client.account() + ": " + response.path("result").asText() + " "
                        + response.path("message").asText());
            }
            return;
        }
        for (JsonNode message : response.path("data")) {
            Sent s = sent.get(message.path("gid").asText());
            if (s == null || s.accepted) {
                continue;
            }
            s.accepted = true;
            s.answered = true;
            accepted.increment();
            expectedDeliveries.add(s.sender.receivers().length);
            bump(acceptedPerSecond, receivedNanos);
            if (receivedNanos >= windowStart && receivedNanos < windowEnd) {
                acceptedInWindow.increment();
            }
            if (s.measured) {
                long sentAt = sendTimeOf(message);
                if (sentAt != Long.MIN_VALUE) {
                    ackLatency.recordValue(Math.max(0, (receivedNanos - sentAt) / 1000));
                }
            }
        }
    }

    @Override
    public void onPush(BenchClient client, JsonNode packet, long receivedNanos) {
        if (!"message".equalsIgnoreCase(packet.path("method").asText())) {
            return;
        }
        int receiver = client.index();
        for (JsonNode message : packet.path("data")) {
            Sent s = sent.get(message.path("gid").asText());
            if (s == null) {
                unknownGid.increment();
                continue;
            }
            if (!s.sender.expected().get(receiver)) {
                unexpectedReceiver.increment();
                continue;
            }
            boolean fresh;
            synchronized (s) {
                fresh = !s.got.get(receiver);
                if (fresh) {
                    s.got.set(receiver);
                    s.gotCount++;
                }
            }
            if (!fresh) {
                duplicates.increment();
                continue;
            }
            delivered.increment();
            bump(deliveredPerSecond, receivedNanos);
            if (receivedNanos >= windowStart && receivedNanos < windowEnd) {
                deliveredInWindow.increment();
            }
            if (s.measured) {
                long sentAt = sendTimeOf(message);
                if (sentAt != Long.MIN_VALUE) {
                    latency.recordValue(Math.max(0, (receivedNanos - sentAt) / 1000));
                }
            }
        }
    }

    double windowSeconds() {
        return durationNanos / 1e9;
    }

    /** Per-second counts from the start (warm-up included), up to the last non-zero second. */
    static String series(AtomicLongArray perSecond) {
        int last = perSecond.length() - 1;
        while (last > 0 && perSecond.get(last) == 0) {
            last--;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            text.append(i == 0 ? "" : " ").append(perSecond.get(i));
        }
        return text.toString();
    }

    String deliveredSeries() {
        return series(deliveredPerSecond);
    }

    String sentSeries() {
        return series(sentPerSecond);
    }

    String acceptedSeries() {
        return series(acceptedPerSecond);
    }

    static String ms(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "";
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
