package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.api.BroadcastHandler;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.BroadcastRecord;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the notices of other internal systems from {@code xx.broadcast}, checks them, and hands each
 * to the chat's own command stream (keyed by the chat, as a client's message would be), so a notice is
 * stored in order with the chat's other messages. A record that is not a valid notice goes to the
 * dead-letter topic with the reason.
 */
public class BroadcastConsumer extends BusConsumer {

    static final int MAX_KEY_LENGTH = 100;
    static final int MAX_USERS = 10_000;
    /** Notices of one record handed to the bus at once (each waits for its acknowledgement). */
    private static final int PUBLISHES_AT_ONCE = 256;
    static final Set<String> CONTENT_TYPES = Set.of("text", "plain", "emoticon", "emotion", "image", "file",
            "object");

    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final ChatStore chats;
    private final int maxContentLength;

    public BroadcastConsumer(MessageBus bus, ChatStore chats, int maxContentLength) {
        super(Phases.COMMAND_CONSUMERS);
        this.bus = bus;
        this.publisher = new OutcomePublisher(bus);
        this.chats = chats;
        this.maxContentLength = maxContentLength;
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(bus.subscribe(Topics.BROADCAST, ServiceName.CHAT.id(), BroadcastRecord.class, this::accept));
    }

    Mono<Void> accept(BroadcastRecord record) {
        check(record);
        String contentType = record.contentType() == null || record.contentType().isBlank() ? "text"
                : record.contentType();
        if (record.gid() != null) {
            return chats.findByGid(record.gid())
                    .switchIfEmpty(Mono.error(() -> invalid("no chat with gid '" + record.gid() + "'")))
                    .then(forward(record.gid(), record.key(), record.content(), contentType, null));
        }
        // each user's notice is a command of its own chat (its own key): no order among them to wait for
        return Flux.fromIterable(record.users())
                .flatMap(user -> forward(BroadcastHandler.noticeChatGid(user), record.key() + ":" + user,
                        record.content(), contentType, user), PUBLISHES_AT_ONCE)
                .then();
    }

    private void check(BroadcastRecord record) {
        if (record.key() == null || record.key().isBlank() || record.key().length() > MAX_KEY_LENGTH) {
            throw invalid("'key' is required (the idempotency key, at most " + MAX_KEY_LENGTH + " characters)");
        }
        boolean toChat = record.gid() != null && !record.gid().isBlank();
        boolean toUsers = record.users() != null && !record.users().isEmpty();
        if (toChat == toUsers) {
            throw invalid("exactly one of 'gid' (a chat) and 'users' (user ids) is required");
        }
        if (toUsers && (record.users().size() > MAX_USERS || record.users().stream().anyMatch(u -> u == null || u <= 0))) {
            throw invalid("'users' must be at most " + MAX_USERS + " positive user ids");
        }
        if (record.content() == null || record.content().isEmpty()) {
            throw invalid("'content' is required");
        }
        if (record.content().length() > maxContentLength) {
            throw invalid("'content' is longer than " + maxContentLength + " characters");
        }
        if (record.contentType() != null && !record.contentType().isBlank()
                && !CONTENT_TYPES.contains(record.contentType())) {
            throw invalid("'contentType' must be one of " + CONTENT_TYPES);
        }
    }

    private Mono<Void> forward(String gid, String key, String content, String contentType, Long noticeFor) {
        // the same record always makes the same command: re-processing stores nothing twice
        Command command = new BroadcastHandler.Notice(gid, key, content, contentType, noticeFor)
                .command(System.currentTimeMillis());
        // the key CommandKeys gives a client's command of this chat: one partition, one order, one numbering
        return publisher.publish(Outcome.of().event(Topics.commands(ServiceName.CHAT),
                "chat:" + OneToOneGid.routingKey(gid), command));
    }

    private static ProtocolJson.InvalidRecordException invalid(String reason) {
        return new ProtocolJson.InvalidRecordException("not a valid broadcast: " + reason, null);
    }
}
