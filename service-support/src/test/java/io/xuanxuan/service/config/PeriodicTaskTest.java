package io.xuanxuan.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicTaskTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    @Test
    void aFailedTurnDoesNotStopTheNextOnes() {
        AtomicInteger turns = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("a test", INTERVAL, () -> turns.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("the first turn fails"))
                : Mono.just(true));
        task.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> turns.get() >= 3);
        } finally {
            task.stop();
        }
    }

    @Test
    void turnsDoNotOverlapAndStopEndsThem() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        // each turn lasts five intervals: the ticks during it are skipped, never run beside it
        PeriodicTask task = new PeriodicTask("a test", INTERVAL, () -> Mono.fromRunnable(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    turns.incrementAndGet();
                }).then(Mono.delay(INTERVAL.multipliedBy(5)))
                // before the end is signalled on (doFinally would count after the next turn began)
                .doOnTerminate(running::decrementAndGet).doOnCancel(running::decrementAndGet));
        task.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.get() >= 3);
        task.stop();
        assertThat(most.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0);
        int afterStop = turns.get();
        // bounded: ten intervals after the stop, no turn has started (one would start every five)
        await().during(INTERVAL.multipliedBy(10)).atMost(Duration.ofSeconds(10)).until(() -> turns.get() == afterStop);
    }

    @Test
    void anIntervalOfZeroNeverRuns() {
        AtomicInteger turns = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("a test", Duration.ZERO, () -> Mono.fromRunnable(turns::incrementAndGet));
        task.start();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> turns.get() == 0);
        task.stop();
    }
}
