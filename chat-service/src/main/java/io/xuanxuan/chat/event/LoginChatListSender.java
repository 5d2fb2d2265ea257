package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.config.Phases;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Second step of the login sequence: when presence reports a user ONLINE on a connection, that
 * connection gets its {@code getList} push, and then the offline service is told to flush the queue to
 * it (the third step). Presence published the login response and
 * {@code userGetlist} before the event, and every delivery to a user is keyed by the user's id, so
 * the gateway writes them in that order.
 */
public class LoginChatListSender implements SmartLifecycle {

    private final MessageBus bus;
    private final ChatStore chats;
    private volatile BusSubscription subscription;

    public LoginChatListSender(MessageBus bus, ChatStore chats) {
        this.bus = bus;
        this.chats = chats;
    }

    Mono<Void> onPresence(PresenceEvent event) {
        if (event.type() != PresenceEvent.Type.ONLINE || event.connectionId() == null) {
            return Mono.empty();
        }
        long userId = event.user().id();
        String key = String.valueOf(userId);
        return chats.chatsOf(userId)
                .flatMap(list -> bus.publish(Topics.DELIVERIES, key, Delivery.push(
                        DeliveryTarget.connection(event.connectionId()), PushPacket.of(Methods.GET_LIST, list))))
                .then(bus.publish(Topics.commands(ServiceName.OFFLINE), key,
                        OfflineCommand.flush(userId, event.connectionId())));
    }

    @Override
    public void start() {
        subscription = bus.subscribe(Topics.EVENTS_PRESENCE, ServiceName.CHAT.id(), PresenceEvent.class,
                this::onPresence);
    }

    @Override
    public void stop() {
        BusSubscription current = subscription;
        subscription = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public int getPhase() {
        return Phases.EVENT_CONSUMERS;
    }
}
