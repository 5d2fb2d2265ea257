package io.xuanxuan.file.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.file.store.ChatMemberStore;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The file service's view of sessions and chat membership, from events only (group {@code file}):
 * <ul>
 *   <li>presence ONLINE: the sid is accepted for that user (older sessions of the user end, as presence
 *       keeps one session per user); OFFLINE: the connection's session ends; any event that shows the user
 *       offline without naming a connection (presence announcing users at start-up after it reset every
 *       session): every session of the user ends. An ended session's sid still opens the 2.x clients'
 *       download links for a while ({@link FileSessionStore});</li>
 *   <li>chat events: the chat's member list is replaced by the event's.</li>
 * </ul>
 */
public class FileEventConsumers extends BusConsumer {

    private static final String GROUP = ServiceName.FILE.id();

    private final MessageBus bus;
    private final FileSessionStore sessions;
    private final ChatMemberStore members;

    public FileEventConsumers(MessageBus bus, FileSessionStore sessions, ChatMemberStore members) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.sessions = sessions;
        this.members = members;
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(
                bus.subscribe(Topics.EVENTS_PRESENCE, GROUP, PresenceEvent.class, this::onPresence),
                bus.subscribe(Topics.EVENTS_CHAT, GROUP, ChatEvent.class, this::onChat));
    }

    public Mono<Void> onPresence(PresenceEvent event) {
        if (event.user() == null) {
            return Mono.empty();
        }
        long userId = event.user().id();
        if (event.type() == PresenceEvent.Type.ONLINE && event.sid() != null && event.connectionId() != null) {
            return sessions.online(userId, event.sid(), event.connectionId(), event.at());
        }
        if (event.type() == PresenceEvent.Type.OFFLINE && event.connectionId() != null) {
            return sessions.offline(userId, event.connectionId(), event.at()).then();
        }
        if (event.type() != PresenceEvent.Type.ONLINE && event.connectionId() == null
                && UserStatus.OFFLINE.wire().equals(event.user().status())) {
            return sessions.forgetUser(userId, event.at()).then();
        }
        return Mono.empty();
    }

    public Mono<Void> onChat(ChatEvent event) {
        if (event.chat() == null || event.chat().gid() == null) {
            return Mono.empty();
        }
        List<Long> list = event.chat().members() == null ? List.of() : event.chat().members();
        return members.replaceMembers(event.chat().gid(), list, event.at());
    }
}
