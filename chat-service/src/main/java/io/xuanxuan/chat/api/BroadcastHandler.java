package io.xuanxuan.chat.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Stores a notice of another internal system (see {@code BroadcastConsumer}) as a {@code broadcast}
 * message and delivers it like any message. Not a client method: the gateway routes no such method,
 * and only commands of type {@link Command.Type#BROADCAST} are taken. A notice for a user goes to that
 * user's notice chat, created on first use (a system chat of that user alone, where nobody posts).
 */
public class BroadcastHandler extends ChatHandler {

    public static final String METHOD = Methods.BROADCAST;
    static final String NOTICE_CHAT_NAME = "Notices";

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final Messaging messaging;
    private final Clock clock;

    public BroadcastHandler(ChatLookup lookup, ChatStore chats, Messaging messaging, Clock clock) {
        super(METHOD);
        this.lookup = lookup;
        this.chats = chats;
        this.messaging = messaging;
        this.clock = clock;
    }

    /**
     * The parameters of a broadcast command, as {@code BroadcastConsumer} writes them: the chat, the
     * idempotency key, the notice, and for a user's notice the user ({@code noticeFor}, absent otherwise).
     */
    @JsonPropertyOrder({"gid", "key", "content", "contentType", "noticeFor"})
    public record Notice(String gid, String key, String content, String contentType, Long noticeFor) {

        /** The command that stores this notice: the same notice always makes the same command. */
        public Command command(long receivedAt) {
            Request request = new Request(Methods.MODULE_CHAT, METHOD, ProtocolJson.toTree(this), null, null);
            return Command.broadcast("broadcast:" + key, request, receivedAt);
        }
    }

    public static String noticeChatGid(long userId) {
        return "notice-" + userId;
    }

    @Override
    public boolean requiresLogin() {
        return false;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        // only what the service handed itself (BroadcastConsumer); a gateway makes requests only
        if (command.type() != Command.Type.BROADCAST || command.authenticated()) {
            throw new InvalidRequestException("Unknown method.");
        }
        Params params = command.request().params("gid", "key", "content", "contentType", "noticeFor");
        String gid = params.text("gid");
        String key = params.text("key");
        long now = ChatOutcomes.now(clock);
        Message notice = new Message(0, "broadcast:" + key, gid, 0, now, MessageHandler.TYPE_BROADCAST,
                params.text("contentType", MessageHandler.CONTENT_TEXT), params.text("content"));
        Mono<Chat> chat = params.optionalLong("noticeFor").map(user -> noticeChat(gid, user, now))
                .orElseGet(() -> chats.findByGid(gid));
        return chat
                .switchIfEmpty(Mono.error(() -> new InvalidRequestException("no chat with gid '" + gid + "'")))
                .flatMap(target -> {
                    // stored under the chat's own gid (a one-to-one chat: the order it was created with)
                    Message inChat = notice.cgid().equals(target.gid()) ? notice : new Message(0, notice.gid(),
                            target.gid(), 0, now, notice.type(), notice.contentType(), notice.content());
                    return messaging.storeNotice(target, inChat, Mono.empty(), now)
                            .map(stored -> ChatOutcomes.messages(Outcome.of(), target.gid(), 0, List.of(stored),
                                    target.members()));
                });
    }

    private Mono<Chat> noticeChat(String gid, long userId, long now) {
        return chats.findByGid(gid).switchIfEmpty(Mono.defer(() -> lookup.requireKnownUsers(List.of(userId))
                .then(chats.insert(new ChatStore.NewChat(gid, NOTICE_CHAT_NAME, Chat.TYPE_SYSTEM, List.of(),
                        "$ADMINS", 0, false, "system", now)))
                .flatMap(id -> chats.addMember(id, userId, now))
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> Mono.empty())
                .then(chats.reload(gid))));
    }
}
