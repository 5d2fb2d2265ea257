package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.chat.domain.SystemChat;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatUserStore;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.OfflineCommand;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The chat service's one consumer of {@code xx.events.presence} (group {@code chat}):
 * <ul>
 *   <li>every event upserts the user into chat's own user directory ({@code chat_user}) and makes the
 *       user a member of the system chat;</li>
 *   <li>{@link PresenceEvent.Type#ONLINE} is the second step of the login sequence: that connection gets
 *       its {@code getList} push, marked to start the connection's login sync of chat messages (the
 *       gateway asks {@link SyncConsumer} once it wrote it), and then the offline service is told to
 *       flush its queue of other pushes to it (the third step). Presence published the login response and {@code userGetlist} before the event,
 *       and every delivery to a user is keyed by the user's id, so the gateway writes them in order.</li>
 * </ul>
 * Starting, it first makes sure the system chat exists, then subscribes, before presence announces
 * every user ({@link Phases#STARTUP_WORK}).
 */
public class PresenceConsumer extends BusConsumer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final ChatStore chats;
    private final ChatUserStore users;
    private final SystemChat systemChat;

    public PresenceConsumer(MessageBus bus, ChatStore chats, ChatUserStore users, SystemChat systemChat) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.publisher = new OutcomePublisher(bus);
        this.chats = chats;
        this.users = users;
        this.systemChat = systemChat;
    }

    Mono<Void> onPresence(PresenceEvent event) {
        if (event.user() == null) {
            return Mono.empty();
        }
        long userId = event.user().id();
        Mono<Void> known = users.upsert(ChatUser.of(event.user()), event.at())
                .then(systemChat.join(userId));
        if (event.type() != PresenceEvent.Type.ONLINE || event.connectionId() == null) {
            return known;
        }
        String key = String.valueOf(userId);
        return known
                .then(chats.chatsOf(userId))
                // the outcome path keeps these two one after the other (deliveries first): the flush makes the
                // offline service deliver to this user, and those pushes must not reach the deliveries topic
                // before the getList they follow
                // once it has written getList, the gateway asks for the connection's login sync (SyncConsumer)
                .flatMap(list -> publisher.publish(Outcome.of()
                        .delivery(key, Delivery.push(DeliveryTarget.connection(event.connectionId()),
                                PushPacket.of(Methods.GET_LIST, list)).startingSync())
                        .event(Topics.commands(ServiceName.OFFLINE), key,
                                OfflineCommand.flush(userId, event.connectionId()))));
    }

    @Override
    protected List<BusSubscription> subscribe() {
        // start-up, before anything is served: blocking here is the point
        systemChat.ensureExists().block(STARTUP_TIMEOUT);
        return List.of(bus.subscribe(Topics.EVENTS_PRESENCE, ServiceName.CHAT.id(), PresenceEvent.class,
                this::onPresence));
    }
}
