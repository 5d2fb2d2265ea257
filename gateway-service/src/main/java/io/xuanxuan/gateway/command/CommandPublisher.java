package io.xuanxuan.gateway.command;

import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.Connection;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.CommandKeys;
import io.xuanxuan.model.bus.CursorBatch;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.bus.SyncRequest;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.ServiceName;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Writes the gateway's commands to the bus: a client's request, for the service that owns its method,
 * the news that a logged-in connection closed, for presence, and for chat a connection's login sync
 * request and the cursor advances its clients confirmed.
 *
 * <p>The user id in a command comes from the session the gateway bound to the connection, never from
 * the client. The key ({@link CommandKeys}) keeps in order what must be: one chat's commands, one
 * user's presence commands.
 */
public class CommandPublisher {

    private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);

    private final MessageBus bus;
    private final String gatewayId;
    private final Duration timeout;
    private final GatewayMetrics metrics;

    public CommandPublisher(MessageBus bus, GatewayProperties properties, GatewayMetrics metrics) {
        this.bus = bus;
        this.gatewayId = properties.id();
        this.timeout = properties.publishTimeout();
        this.metrics = metrics;
    }

    /** Publishes a client request; completes once the bus accepted it, errors if it did not in time. */
    public Mono<Void> publishRequest(Connection connection, Request request, ServiceName owner, long receivedAt) {
        SessionBinding session = connection.binding();
        Long userId = session != null ? session.userId() : null;
        String key = CommandKeys.keyFor(owner, request, userId, connection.id());
        Command command = Command.request(UUID.randomUUID().toString(), gatewayId, connection.id(), userId,
                request, receivedAt);
        return Mono.defer(() -> bus.publish(Topics.commands(owner), key, command))
                .timeout(timeout)
                .doOnSuccess(done -> metrics.published(request.route()));
    }

    /**
     * Acknowledges queued offline pushes written to a connection (retried; if it is lost, the pushes
     * stay queued and are written again at the next login: twice rather than never).
     */
    public Mono<Void> publishAck(long userId, String connectionId, java.util.List<Long> ids) {
        return Mono.defer(() -> bus.publish(Topics.commands(ServiceName.OFFLINE), Long.toString(userId),
                        OfflineCommand.ack(userId, connectionId, ids)))
                .timeout(timeout)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
                .doOnError(error -> log.warn("ack of {} queued push(es) for user {} not published: {}",
                        ids.size(), userId, error.toString()))
                .onErrorResume(error -> Mono.empty());
    }

    /**
     * Asks for a connection's login sync, keyed by user id (retried a few times; errors if it could not
     * be published: the caller closes the connection, which then logs in and asks again).
     */
    public Mono<Void> publishSyncRequest(long userId, String connectionId) {
        return Mono.defer(() -> bus.publish(Topics.SYNC, Long.toString(userId),
                        SyncRequest.of(userId, connectionId, gatewayId)))
                .timeout(timeout)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)));
    }

    /** Publishes cursor advances, keyed by this gateway's id (one attempt; the batcher retries). */
    public Mono<Void> publishCursors(CursorBatch batch) {
        return Mono.defer(() -> bus.publish(Topics.CURSORS, gatewayId, batch)).timeout(timeout);
    }

    /**
     * Tells presence that a connection with a logged-in user is gone (retried a few times; a failure
     * is logged, as there is no one left to answer).
     */
    public Mono<Void> publishConnectionClosed(String connectionId, SessionBinding session) {
        Command command = Command.connectionClosed(UUID.randomUUID().toString(), gatewayId, connectionId,
                session.userId(), System.currentTimeMillis());
        return Mono.defer(() -> bus.publish(Topics.commands(ServiceName.PRESENCE),
                        Long.toString(session.userId()), command))
                .timeout(timeout)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
                .doOnError(error -> log.error("connection {} of user {} closed but presence could not be told",
                        connectionId, session.userId(), error))
                .onErrorResume(error -> Mono.empty());
    }
}
