package io.xuanxuan.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloodGuardTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillAtTheRate() {
        FloodGuard guard = new FloodGuard(50, 200, 200, 10 * SECOND, 0);
        for (int i = 0; i < 200; i++) {
            assertThat(guard.tryAcquire(0)).as("request %d of the burst", i).isTrue();
        }
        assertThat(guard.tryAcquire(0)).isFalse();
        // 100 ms at 50/s: 5 more
        for (int i = 0; i < 5; i++) {
            assertThat(guard.tryAcquire(SECOND / 10)).isTrue();
        }
        assertThat(guard.tryAcquire(SECOND / 10)).isFalse();
        // a long pause refills to the burst, not beyond
        int taken = 0;
        while (guard.tryAcquire(3600 * SECOND)) {
            taken++;
        }
        assertThat(taken).isEqualTo(200);
    }

    @Test
    void refusalsCountWithinTheWindow() {
        FloodGuard guard = new FloodGuard(1, 1, 3, 10 * SECOND, 0);
        assertThat(guard.refusedTooOften(0)).isFalse();
        assertThat(guard.refusedTooOften(SECOND)).isFalse();
        // the window passed: counting starts again
        assertThat(guard.refusedTooOften(12 * SECOND)).isFalse();
        assertThat(guard.refusedTooOften(13 * SECOND)).isFalse();
        assertThat(guard.refusedTooOften(14 * SECOND)).isTrue();
    }
}
