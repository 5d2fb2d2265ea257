package io.xuanxuan.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admission bound: what takes a slot, what frees one, and that duplicates or losses cannot make it drift. */
class InFlightCommandsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String MESSAGE = "chat/message";
    private static final String HISTORY = "chat/history";

    private final InFlightCommands inFlight = new InFlightCommands(3, TIMEOUT);

    @Test
    void beyondTheBoundNothingIsTakenUntilASlotIsFreed() {
        assertThat(inFlight.tryAcquire("c1", MESSAGE, 0)).isNotNull();
        assertThat(inFlight.tryAcquire("c1", MESSAGE, 0)).isNotNull();
        assertThat(inFlight.tryAcquire("c2", MESSAGE, 0)).isNotNull();
        assertThat(inFlight.tryAcquire("c3", MESSAGE, 0)).isNull();
        assertThat(inFlight.inFlight()).isEqualTo(3);

        assertThat(inFlight.answered("c2", MESSAGE)).isTrue();
        assertThat(inFlight.inFlight()).isEqualTo(2);
        assertThat(inFlight.tryAcquire("c3", MESSAGE, 0)).isNotNull();
        assertThat(inFlight.tryAcquire("c3", MESSAGE, 0)).isNull();
    }

    @Test
    void aResponseFreesASlotOfItsOwnConnectionAndRouteOnly() {
        inFlight.tryAcquire("c1", MESSAGE, 0);
        inFlight.tryAcquire("c2", HISTORY, 0);

        assertThat(inFlight.answered("c1", HISTORY)).as("no history in flight on c1").isFalse();
        assertThat(inFlight.answered("c3", MESSAGE)).as("nothing in flight on c3").isFalse();
        assertThat(inFlight.inFlight()).isEqualTo(2);

        assertThat(inFlight.answered("c2", HISTORY)).isTrue();
        assertThat(inFlight.inFlight()).isEqualTo(1);
    }

    @Test
    void duplicateResponsesNeverTakeTheCountBelowZeroAndItIsRightOnceAnswered() {
        inFlight.tryAcquire("c1", MESSAGE, 0);
        inFlight.tryAcquire("c1", MESSAGE, 0);
        // the first command answered twice (the bus delivered it twice): the second copy frees the other slot early
        assertThat(inFlight.answered("c1", MESSAGE)).isTrue();
        assertThat(inFlight.answered("c1", MESSAGE)).isTrue();
        assertThat(inFlight.inFlight()).isZero();
        // the second command's own response, and more duplicates: nothing left to free, never negative
        assertThat(inFlight.answered("c1", MESSAGE)).isFalse();
        assertThat(inFlight.answered("c1", MESSAGE)).isFalse();
        assertThat(inFlight.inFlight()).isZero();
        // the full bound is available again, no more
        for (int i = 0; i < 3; i++) {
            assertThat(inFlight.tryAcquire("c1", MESSAGE, 0)).isNotNull();
        }
        assertThat(inFlight.tryAcquire("c1", MESSAGE, 0)).isNull();
    }

    @Test
    void aResponseThatNeverComesIsGivenUpAfterTheTimeout() {
        long start = 1_000_000_000L;
        inFlight.tryAcquire("c1", MESSAGE, start);
        inFlight.tryAcquire("c1", HISTORY, start + TIMEOUT.toNanos() / 2);
        inFlight.tryAcquire("c2", MESSAGE, start + TIMEOUT.toNanos() / 2);

        assertThat(inFlight.expire(start + TIMEOUT.toNanos())).as("nothing older than the timeout yet").isZero();
        assertThat(inFlight.expire(start + TIMEOUT.toNanos() + 1)).isEqualTo(1);
        assertThat(inFlight.inFlight()).isEqualTo(2);
        // the expired command's late response finds nothing of its route: it frees nobody else's slot
        assertThat(inFlight.answered("c1", MESSAGE)).isFalse();
        assertThat(inFlight.inFlight()).isEqualTo(2);

        assertThat(inFlight.expire(start + TIMEOUT.toNanos() * 2)).isEqualTo(2);
        assertThat(inFlight.inFlight()).isZero();
        assertThat(inFlight.expiredCount()).isEqualTo(3);
    }

    @Test
    void theSweepGivesUpLostResponsesWhileRunning() throws InterruptedException {
        InFlightCommands sweeping = new InFlightCommands(1, Duration.ofMillis(40));
        sweeping.start();
        try {
            assertThat(sweeping.tryAcquire("c1", MESSAGE, System.nanoTime())).isNotNull();
            assertThat(sweeping.tryAcquire("c1", MESSAGE, System.nanoTime())).isNull();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sweeping.inFlight())
                    .as("the slot of a response that never came is given back").isZero());
            assertThat(sweeping.expiredCount()).isEqualTo(1);
        } finally {
            sweeping.stop();
        }
    }

    @Test
    void aClosedConnectionFreesAllItsSlotsAndOnlyItsOwn() {
        inFlight.tryAcquire("c1", MESSAGE, 0);
        inFlight.tryAcquire("c1", HISTORY, 0);
        inFlight.tryAcquire("c2", MESSAGE, 0);

        inFlight.connectionEnded("c1");
        assertThat(inFlight.inFlight()).isEqualTo(1);
        inFlight.connectionEnded("c1");
        assertThat(inFlight.inFlight()).isEqualTo(1);
        assertThat(inFlight.answered("c1", MESSAGE)).isFalse();
    }

    @Test
    void aFailedPublishFreesExactlyItsOwnSlot() {
        InFlightCommands.Slot first = inFlight.tryAcquire("c1", MESSAGE, 0);
        InFlightCommands.Slot second = inFlight.tryAcquire("c1", MESSAGE, 10);
        inFlight.cancel(second);
        inFlight.cancel(second);
        assertThat(inFlight.inFlight()).isEqualTo(1);
        // the one left is the first (taken at 0): it expires at the timeout, the cancelled one would not have yet
        assertThat(inFlight.expire(TIMEOUT.toNanos() + 5)).isEqualTo(1);
        inFlight.cancel(first);
        assertThat(inFlight.inFlight()).isZero();
    }

    @Test
    void concurrentTakersNeverExceedTheBoundAndEverySlotComesBack() throws Exception {
        InFlightCommands bounded = new InFlightCommands(50, TIMEOUT);
        int threads = 8;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] maxSeen = new int[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    String connection = "c" + (thread % 3);
                    for (int i = 0; i < rounds; i++) {
                        InFlightCommands.Slot slot = bounded.tryAcquire(connection, MESSAGE, i);
                        maxSeen[thread] = Math.max(maxSeen[thread], bounded.inFlight());
                        if (slot == null) {
                            continue;
                        }
                        switch (i % 3) {
                            case 0 -> bounded.answered(connection, MESSAGE);
                            case 1 -> bounded.cancel(slot);
                            default -> bounded.connectionEnded(connection);
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(errors).isEmpty();
        for (int seen : maxSeen) {
            assertThat(seen).isLessThanOrEqualTo(50);
        }
        for (int c = 0; c < 3; c++) {
            bounded.connectionEnded("c" + c);
        }
        assertThat(bounded.inFlight()).isZero();
    }
}
