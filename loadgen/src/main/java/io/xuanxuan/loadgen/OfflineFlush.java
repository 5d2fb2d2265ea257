package io.xuanxuan.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario {@code flush} (offline flush). Account A (u0001, the receiver) logs in once so that the
 * server knows it (the baseline creates users at their first login) and goes offline; B (u0002) logs in,
 * creates the one2one chat with A and sends {@code --queued} messages ({@code --messages-per-request} per
 * request, at most {@code --max-outstanding} requests unanswered, optionally paced at {@code --rate}
 * msg/s) and waits for every success response. Once the server is quiet A logs in: from sending the login
 * to the last of the messages arriving is the flush. Checked: every accepted gid arrived (missing),
 * duplicates, and order (a message that arrives after one sent later counts as out of order). Then A logs
 * out and in once more: any of the messages pushed again counts as {@code redelivered_after_relogin}.
 */
final class OfflineFlush {

    private OfflineFlush() {
    }

    static void run(Options o) throws Exception {
        int n = o.queued;
        int perRequest = o.messagesPerRequest;
        int maxOutstanding = o.maxOutstandingFor("flush");
        String params = String.format(Locale.ROOT, "queued=%d messages_per_request=%d max_outstanding=%d rate=%s bytes=%d",
                n, perRequest, maxOutstanding, o.rate == null ? "unpaced" : LoadGen.fmt(o.rate), o.messageBytes);
        System.out.println();
        System.out.println("=== flush: " + params);
        String runId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
        String padding = "x".repeat(Math.max(1, o.messageBytes - 12));
        try (LoadGen.Target target = LoadGen.Target.start("flush", o, 2)) {
            var http = LoadGen.httpClients(o, target.ws).get(0);
            List<BenchClient> clients = new ArrayList<>();
            try {
                // A once, so that the server knows it and we know its id; then offline
                BenchClient primeA = login(http, target, 0, o, clients, null);
                long aId = primeA.userId();
                BenchClient.closeAll(List.of(primeA), Duration.ofSeconds(10));
                BenchClient b = login(http, target, 1, o, clients, null);
                String gid = Math.min(aId, b.userId()) + "&" + Math.max(aId, b.userId());
                ObjectNode create = ProtocolJson.nodes().objectNode().put("gid", gid).put("name", "").put("type", "one2one");
                create.putArray("members").add(aId).add(b.userId());
                LoadGen.requireSuccess(b.request("create", create).get(30, TimeUnit.SECONDS), "create one2one");
                LoadGen.settle(target::serverCpuSeconds, 30);

                // B sends
                LoadGen.HeapSampler heap = new LoadGen.HeapSampler(target.metrics);
                heap.start();
                Sending sending = new Sending(n, runId, maxOutstanding);
                b.listener(sending);
                long sendStart = System.nanoTime();
                try {
                    sending.send(b, gid, perRequest, padding, o.rate, o.drain);
                } finally {
                    heap.stop();
                }
                double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
                BitSet acceptedSet = sending.acceptedCopy();
                long accepted = acceptedSet.cardinality();
                System.out.printf(Locale.ROOT, "sent %d messages in %.1f s: %d accepted; failed requests %d, answered requests %d%n",
                        n, sendSeconds, accepted, sending.failed.sum(), sending.answered.sum());
                sending.failures.forEach(f -> System.out.println("  failure " + f));
                LoadGen.settle(target::serverCpuSeconds, 120);

                // A logs in: the flush
                heap = new LoadGen.HeapSampler(target.metrics);
                heap.start();
                Receiving flush = new Receiving(n, runId);
                double cpu0 = target.serverCpuSeconds();
                BenchClient a;
                try {
                    a = login(http, target, 0, o, clients, flush);
                    flush.awaitAll(acceptedSet, o.flushTimeout);
                } finally {
                    heap.stop();
                }
                double flushSeconds = flush.lastNew == 0 ? Double.NaN : (flush.lastNew - flush.loginSent) / 1e9;
                double flushWall = (System.nanoTime() - flush.loginSent) / 1e9;
                double flushCores = (target.serverCpuSeconds() - cpu0) / flushWall;
                long received = flush.received();
                long missing = countMissing(acceptedSet, flush);
                System.out.printf(Locale.ROOT, "flush: %d of %d accepted messages in %.2f s%n", received, accepted, flushSeconds);

                // the receipts are acknowledged; then log in once more: nothing may come again
                LoadGen.settle(target::serverCpuSeconds, 30);
                Thread.sleep(1000);
                BenchClient.closeAll(List.of(a), Duration.ofSeconds(10));
                LoadGen.settle(target::serverCpuSeconds, 30);
                Receiving again = new Receiving(n, runId);
                login(http, target, 0, o, clients, again);
                Thread.sleep(2000);
                LoadGen.settle(target::serverCpuSeconds, 30);
                long redelivered = again.received() + again.duplicates.sum();

                Result r = target.result("flush", params, o);
                r.put("queued", n);
                r.put("messages_per_request", perRequest);
                r.put("accepted", accepted);
                r.put("send_failed", sending.failed.sum());
                r.put2("send_seconds", sendSeconds);
                r.put1("send_msgs_per_s", accepted / sendSeconds);
                r.put("flush_seconds", Double.isNaN(flushSeconds) ? "" : String.format(Locale.ROOT, "%.3f", flushSeconds));
                r.put1("flush_msgs_per_s", received / flushSeconds);
                r.put2("first_message_ms", flush.firstNew == 0 ? Double.NaN : (flush.firstNew - flush.loginSent) / 1e6);
                r.put("received", received);
                r.put("missing", missing);
                r.put("duplicates", flush.duplicates.sum());
                r.put("out_of_order", flush.outOfOrder);
                r.put("not_accepted_but_received", received - (accepted - missing));
                r.put("redelivered_after_relogin", redelivered);
                r.put("frames_received", a.framesIn());
                r.put2("bytes_received_mb", LoadGen.mb(a.bytesIn()));
                r.put2("server_cpu_cores", flushCores);
                r.put1("server_heap_peak_mb", heap.peakMb);
                r.put("bus_backlog_after", LoadGen.mapText(target.metrics.busBacklog()));
                r.put("dead_letters", LoadGen.mapText(target.metrics.deadLetters()));
                r.put2("loadavg_1m", Machine.loadAverage());
                r.printFrom(System.out, "queued");
                target.warnings().forEach(w -> System.out.println("  server log   " + w));
                System.out.println("appended to " + r.appendCsv(o.results).toAbsolutePath());
            } finally {
                BenchClient.closeAll(clients, Duration.ofSeconds(10));
            }
        }
    }

    /** Connects and logs in account index {@code i} of 2 with {@code listener} set before the login is sent. */
    private static BenchClient login(reactor.netty.http.client.HttpClient http, LoadGen.Target target, int i,
                                     Options o, List<BenchClient> clients, Receiving listener) throws Exception {
        BenchClient client = BenchClient.open(http, target.ws, i, Accounts.name(i + 1, 2), o.outboundFrames);
        clients.add(client);
        client.connected().get(o.loginTimeout, TimeUnit.SECONDS);
        if (listener != null) {
            client.listener(listener);
            listener.loginSent = System.nanoTime();
        }
        return client.login(o.password).get(o.loginTimeout, TimeUnit.SECONDS);
    }

    private static long countMissing(BitSet accepted, Receiving flush) {
        BitSet missing = (BitSet) accepted.clone();
        synchronized (flush) {
            missing.andNot(flush.got);
        }
        return missing.cardinality();
    }

    /** gid of message {@code seq} (0-based) of this run: {@code <run>-<seq>}. */
    static String gid(String runId, int seq) {
        return runId + "-" + seq;
    }

    /** The sequence number of one of this run's gids, or -1. */
    static int seqOf(String runId, String gid) {
        if (gid == null || !gid.startsWith(runId) || gid.length() <= runId.length() + 1 || gid.charAt(runId.length()) != '-') {
            return -1;
        }
        try {
            return Integer.parseInt(gid.substring(runId.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** B's side: sends the messages, bounded by unanswered requests; records which gids were accepted. */
    static final class Sending implements BenchClient.Listener {
        final int n;
        final String runId;
        final Semaphore window;
        final BitSet accepted = new BitSet();
        final LongAdder failed = new LongAdder();
        final LongAdder answered = new LongAdder();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        Sending(int n, String runId, int maxOutstanding) {
            this.n = n;
            this.runId = runId;
            this.window = new Semaphore(maxOutstanding);
        }

        void send(BenchClient b, String cgid, int perRequest, String padding, Double rate, int drainSeconds)
                throws InterruptedException {
            String prefix = "{\"module\":\"chat\",\"method\":\"message\",\"sid\":" + ProtocolJson.write(b.sid())
                    + ",\"params\":{\"messages\":[";
            long start = System.nanoTime();
            int requests = 0;
            StringBuilder frame = new StringBuilder();
            for (int seq = 0; seq < n; ) {
                if (rate != null) {
                    long due = start + (long) (seq / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                if (!window.tryAcquire(drainSeconds, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no response within " + drainSeconds + " s with the window full");
                }
                frame.setLength(0);
                frame.append(prefix);
                int end = Math.min(n, seq + perRequest);
                for (int k = seq; k < end; k++) {
                    frame.append(k == seq ? "" : ",").append("{\"cgid\":").append(ProtocolJson.write(cgid))
                            .append(",\"type\":\"normal\",\"contentType\":\"text\",\"gid\":\"").append(gid(runId, k))
                            .append("\",\"content\":\"").append(k).append(' ').append(padding).append("\"}");
                }
                frame.append("]}}");
                if (!b.send(frame.toString())) {
                    window.release();
                    Thread.sleep(10);
                    continue;
                }
                requests++;
                seq = end;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            while (answered.sum() < requests && System.nanoTime() < deadline && !b.isClosed()) {
                Thread.sleep(20);
            }
        }

        synchronized BitSet acceptedCopy() {
            return (BitSet) accepted.clone();
        }

        @Override
        public void onResponse(BenchClient client, JsonNode response, long receivedNanos) {
            if (!"message".equalsIgnoreCase(response.path("method").asText())) {
                return;
            }
            answered.increment();
            window.release();
            if (!"success".equals(response.path("result").asText())) {
                failed.increment();
                if (failures.size() < 5) {
                    failures.add(response.path("result").asText() + " " + response.path("message").asText());
                }
                return;
            }
            synchronized (this) {
                for (JsonNode message : response.path("data")) {
                    int seq = seqOf(runId, message.path("gid").asText());
                    if (seq >= 0) {
                        accepted.set(seq);
                    }
                }
            }
        }
    }

    /** A's side: which of this run's messages arrived, duplicates, order, first and last arrival. */
    static final class Receiving implements BenchClient.Listener {
        final String runId;
        final BitSet got = new BitSet();
        final LongAdder duplicates = new LongAdder();
        final LongAdder foreign = new LongAdder();
        volatile long loginSent;
        volatile long firstNew;
        volatile long lastNew;
        long outOfOrder;
        private int maxSeq = -1;
        private long count;

        Receiving(int n, String runId) {
            this.runId = runId;
        }

        @Override
        public synchronized void onPush(BenchClient client, JsonNode packet, long receivedNanos) {
            if (!"message".equalsIgnoreCase(packet.path("method").asText())) {
                return;
            }
            for (JsonNode message : packet.path("data")) {
                int seq = seqOf(runId, message.path("gid").asText());
                if (seq < 0) {
                    foreign.increment();
                    continue;
                }
                if (got.get(seq)) {
                    duplicates.increment();
                    continue;
                }
                got.set(seq);
                count++;
                if (firstNew == 0) {
                    firstNew = receivedNanos;
                }
                lastNew = receivedNanos;
                if (seq < maxSeq) {
                    outOfOrder++;
                } else {
                    maxSeq = seq;
                }
                notifyAll();
            }
        }

        synchronized long received() {
            return count;
        }

        /** Waits until every accepted message arrived, or the timeout. */
        synchronized void awaitAll(BitSet accepted, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                BitSet left = (BitSet) accepted.clone();
                left.andNot(got);
                if (left.isEmpty()) {
                    return;
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                wait(Math.max(1, Math.min(500, wait / 1_000_000)));
            }
        }
    }
}
