package io.xuanxuan.standalone;

import io.xuanxuan.testclient.WsClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The tests' waits for a condition, on Awaitility: polled on the calling thread (a condition may read a
 * {@link WsClient} or a process the test owns), first at once, then every {@code poll}, never longer than
 * {@code atMost}. An exception the condition throws ends the wait with it.
 */
public final class Waits {

    private Waits() {
    }

    /** Waits until the condition holds; fails with {@code what} when it does not within {@code atMost}. */
    public static void until(String what, Duration atMost, Duration poll, Callable<Boolean> condition) {
        factory(atMost, poll).alias(what).until(condition);
    }

    /**
     * Waits until the condition holds or {@code atMost} passed, and answers whether it held: for a caller
     * that asserts afterwards what it got, with its own message.
     */
    public static boolean within(Duration atMost, Duration poll, Callable<Boolean> condition) {
        try {
            factory(atMost, poll).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static ConditionFactory factory(Duration atMost, Duration poll) {
        return Awaitility.await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(poll)
                .atMost(atMost.isNegative() || atMost.isZero() ? Duration.ofMillis(1) : atMost);
    }
}
