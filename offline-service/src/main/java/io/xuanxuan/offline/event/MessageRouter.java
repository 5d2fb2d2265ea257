package io.xuanxuan.offline.event;

import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.MessageEvent;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.ServiceName;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a chat's stored messages into one QUEUE command per recipient and message, keyed by the
 * recipient, so everything about one user's queue is handled in order by one consumer. The chat's
 * events are keyed by chat, so each recipient gets one chat's messages in storage order.
 */
public class MessageRouter {

    private final MessageBus bus;

    public MessageRouter(MessageBus bus) {
        this.bus = bus;
    }

    public Mono<Void> route(MessageEvent event) {
        return Flux.fromIterable(event.messages())
                .concatMap(message -> Flux.fromIterable(event.recipients())
                        .concatMap(recipient -> bus.publish(Topics.commands(ServiceName.OFFLINE),
                                String.valueOf(recipient), queue(recipient, message))))
                .then();
    }

    private static OfflineCommand queue(long recipient, Message message) {
        // a message push carries an array of messages; the message gid keys it in the queue
        return OfflineCommand.queue(recipient, Methods.MESSAGE, ProtocolJson.toTree(List.of(message)),
                "message:" + message.gid());
    }
}
