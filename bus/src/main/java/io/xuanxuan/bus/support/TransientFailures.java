package io.xuanxuan.bus.support;

import java.util.Set;

/**
 * Failures that mean "not now" rather than "never": the database or the broker cannot be reached, or did
 * not answer in time. A record whose handler fails with one of them is retried until it succeeds (with the
 * retry policy's back-off, capped at {@link RetryPolicy#MAX_BACKOFF}); it is never dead-lettered.
 *
 * <p>Why: a dead letter is for a record that cannot be processed. While the database is down no record of
 * the partition can be, and dead-lettering them loses accepted messages: in the chaos run (bench/README.md)
 * every offline queue command handled while MariaDB was down went to the dead-letter topic after four quick
 * attempts, and seven messages answered {@code success} never reached their recipients. Holding the
 * partition until the store is back is what the delivery invariant needs, and the bounded queues in front of
 * it turn the wait into back-pressure ("service unavailable, try again") for the clients.
 *
 * <p>Matched by class name along the cause chain and each class's supertypes, so the bus needs no
 * dependency on the stores (Spring's data-access exceptions, R2DBC, Kafka) whose failures it classifies.
 */
public final class TransientFailures {

    private static final Set<String> TRANSIENT = Set.of(
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.RecoverableDataAccessException",
            "io.r2dbc.spi.R2dbcTransientException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "org.apache.kafka.common.errors.RetriableException",
            "java.net.ConnectException",
            "java.net.SocketException",
            "java.nio.channels.ClosedChannelException");
    // Not a handler's own timeout: a handler that never completes is a defect of the handler or its record
    // and is dead-lettered (the bus contract); a database that hangs shows up as the pool's failure to
    // hand out a connection, which is matched above.

    private TransientFailures() {
    }

    /** True if {@code error} or one of its causes is a failure of something the handler depends on. */
    public static boolean isTransient(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            for (Class<?> type = t.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
                if (TRANSIENT.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
