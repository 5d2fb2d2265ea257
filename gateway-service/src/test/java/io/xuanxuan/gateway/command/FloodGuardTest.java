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

    @Test
    void aCostlyRequestTakesItsCostAndAnOverLargeOneAtMostTheBucket() {
        FloodGuard guard = new FloodGuard(50, 200, 200, 10 * SECOND, 0);
        assertThat(guard.tryAcquire(0, 150)).isTrue();
        assertThat(guard.tryAcquire(0, 100)).as("50 left").isFalse();
        assertThat(guard.tryAcquire(0, 50)).isTrue();
        assertThat(guard.tryAcquire(0)).isFalse();
        // a request costing more than the bucket passes once the bucket is full, and empties it
        assertThat(guard.tryAcquire(2 * SECOND, 10_000)).isFalse();
        assertThat(guard.tryAcquire(4 * SECOND, 10_000)).isTrue();
        assertThat(guard.tryAcquire(4 * SECOND)).isFalse();
    }

    @Test
    void messagesAndHistoryRowsAreCounted() {
        com.fasterxml.jackson.databind.ObjectMapper json = io.xuanxuan.model.json.ProtocolJson.mapper();
        String hundred = "[" + String.join(",", java.util.Collections.nCopies(100, "{\"gid\":\"g\",\"content\":\"x\"}")) + "]";
        assertThat(cost("{\"module\":\"chat\",\"method\":\"message\",\"params\":{\"messages\":" + hundred + "}}"))
                .isEqualTo(100);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"message\",\"params\":[" + hundred + "]}")).isEqualTo(100);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"message\",\"params\":" + hundred + "}")).isEqualTo(100);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"history\",\"params\":[\"g\",1000]}")).isEqualTo(50);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"history\",\"params\":{\"gid\":\"g\",\"recPerPage\":30}}"))
                .isEqualTo(2);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"history\",\"params\":[\"g\"]}")).isEqualTo(1);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"history\",\"params\":[\"g\",\"many\"]}")).isEqualTo(1);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"history\",\"params\":[\"g\",100000000]}")).isEqualTo(200);
        assertThat(cost("{\"module\":\"chat\",\"method\":\"getList\"}")).isEqualTo(1);
    }

    private static int cost(String frame) {
        io.xuanxuan.model.protocol.RequestParser.Parsed parsed = io.xuanxuan.model.protocol.RequestParser.parse(frame);
        assertThat(parsed.ok()).as(parsed.error()).isTrue();
        return RequestCost.of(parsed.request(), 20, 200);
    }
}
