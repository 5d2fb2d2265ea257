package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.chat.domain.SystemChat;
import io.xuanxuan.chat.store.CachedChatStore;
import io.xuanxuan.chat.store.CachedChatUserStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps this instance's cached chats and users current with what other instances change: every chat-service
 * instance reads {@code xx.events.chat} and {@code xx.events.presence} with a group of its own
 * ({@code chat-view-<instance id>}), so it sees every event, whichever replica handled the command.
 *
 * <p>A chat event is published after its change is committed: the chat is evicted, the next read loads it.
 * A presence event is published BEFORE chat's own consumer (group {@code chat}) stores the user it carries,
 * so evicting alone could reload the old row; a recent event's user is taken as the cached state instead
 * (in key order, the last event wins, and it is what the upsert stores). An event from before this instance
 * started (a new group reads the topic from its beginning) is never applied, only evicted: its state may
 * be long superseded. The same holds for the system chat, whose members are every user a presence event
 * names: a current event adds its user to the cached system chat.
 */
public class ChatViewConsumer extends BusConsumer {

    private static final Logger log = LoggerFactory.getLogger(ChatViewConsumer.class);
    /** How much older than this instance's start an event may be and still count as current (clock skew). */
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final MessageBus bus;
    private final CachedChatStore chats;
    private final CachedChatUserStore users;
    private final String group;
    private final long currentFrom;

    public ChatViewConsumer(MessageBus bus, CachedChatStore chats, CachedChatUserStore users, String instanceId) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.chats = chats;
        this.users = users;
        this.group = "chat-view-" + instanceId;
        // the wall clock, as the events' own timestamps are (not the service's clock, which tests may move)
        this.currentFrom = System.currentTimeMillis() - SKEW.toMillis();
    }

    public Mono<Void> onChat(ChatEvent event) {
        return Mono.fromRunnable(() -> {
            if (event.chat() != null) {
                chats.evictGid(event.chat().gid());
                chats.evictId(event.chat().id());
            }
        });
    }

    public Mono<Void> onPresence(PresenceEvent event) {
        return Mono.fromRunnable(() -> {
            if (event.user() == null) {
                return;
            }
            long userId = event.user().id();
            if (event.at() >= currentFrom) {
                users.replace(ChatUser.of(event.user()));
                // and the user is (or is about to be made) a member of the system chat, by chat's own consumer
                // of this event on whichever instance has it: no chat event follows
                chats.includeMember(SystemChat.GID, userId);
            } else {
                users.evict(userId);
                if (chats.cachedWithout(SystemChat.GID, userId)) {
                    chats.evictGid(SystemChat.GID);
                }
            }
        });
    }

    @Override
    protected List<BusSubscription> subscribe() {
        log.info("chat view reading {} and {} as group {}", Topics.EVENTS_CHAT, Topics.EVENTS_PRESENCE, group);
        return List.of(bus.subscribe(Topics.EVENTS_CHAT, group, ChatEvent.class, this::onChat),
                bus.subscribe(Topics.EVENTS_PRESENCE, group, PresenceEvent.class, this::onPresence));
    }
}
