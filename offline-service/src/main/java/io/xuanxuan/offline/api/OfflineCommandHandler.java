package io.xuanxuan.offline.api;

import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.offline.domain.QueuedPush;
import io.xuanxuan.offline.store.LiveConnectionStore;
import io.xuanxuan.offline.store.OfflineQueueStore;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Keeps one user's offline queue, one command at a time (the commands are keyed by user id):
 * <ul>
 *   <li>QUEUE: store the push first, then write it to the user's flushed connection if there is one;</li>
 *   <li>FLUSH: the connection got its {@code getList}: write the whole queue, then make it the live one;</li>
 *   <li>ACK: the gateway wrote these pushes: forget them.</li>
 * </ul>
 * A push leaves the queue only when a gateway acknowledged writing it, so a connection that drops
 * mid-delivery, a gateway that dies, or a restart leaves it queued for the next login.
 */
public class OfflineCommandHandler {

    private final OfflineQueueStore queue;
    private final LiveConnectionStore live;
    private final OutcomePublisher publisher;
    private final Clock clock;
    private final int flushBatch;

    public OfflineCommandHandler(OfflineQueueStore queue, LiveConnectionStore live, OutcomePublisher publisher,
                                 Clock clock, int flushBatch) {
        this.queue = queue;
        this.live = live;
        this.publisher = publisher;
        this.clock = clock;
        this.flushBatch = flushBatch;
    }

    public Mono<Void> handle(OfflineCommand command) {
        return switch (command.type()) {
            case QUEUE -> queue(command);
            case FLUSH -> flush(command.userId(), command.connectionId());
            case ACK -> queue.remove(command.userId(), command.ids() == null ? List.of() : command.ids()).then();
            case OFFLINE -> live.clear(command.userId(), command.connectionId());
        };
    }

    private Mono<Void> queue(OfflineCommand command) {
        long userId = command.userId();
        return queue.put(userId, QueuedPush.LEVEL_MESSAGE, command.module(), command.method(), command.packet(),
                        command.commandId(), clock.instant().getEpochSecond())
                .flatMap(id -> live.connectionOf(userId).flatMap(connection -> deliver(userId, connection,
                        List.of(new PushPacket(id, command.module(), command.method(), command.packet())))));
    }

    private Mono<Void> flush(long userId, String connectionId) {
        return queue.queueOf(userId)
                .map(QueuedPush::toPacket)
                .buffer(flushBatch)
                .concatMap(packets -> deliver(userId, connectionId, packets))
                .then(live.set(userId, connectionId));
    }

    private Mono<Void> deliver(long userId, String connectionId, List<PushPacket> packets) {
        return publisher.publish(Outcome.of().delivery(String.valueOf(userId), Delivery.queued(connectionId, packets)));
    }
}
