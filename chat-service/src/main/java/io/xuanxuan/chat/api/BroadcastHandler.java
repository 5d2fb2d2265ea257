package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatAccess;
import io.xuanxuan.chat.domain.SeqAllocator;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Stores a notice of another internal system (see {@code BroadcastConsumer}) as a {@code broadcast}
 * message and delivers it like any message. Not a client method: the gateway routes no such method,
 * and only commands from the internal broadcast source are taken. A notice for a user goes to that
 * user's notice chat, created on first use (a system chat of that user alone, where nobody posts).
 */
public class BroadcastHandler extends ChatHandler {

    public static final String METHOD = "broadcast";
    public static final String INTERNAL = "internal.broadcast";
    static final String NOTICE_CHAT_NAME = "Notices";

    private final ChatAccess access;
    private final ChatStore chats;
    private final MessageStore messages;
    private final SeqAllocator seqs;
    private final ChatTransactions transactions;
    private final Clock clock;

    public BroadcastHandler(ChatAccess access, ChatStore chats, MessageStore messages, SeqAllocator seqs,
                            ChatTransactions transactions, Clock clock) {
        super(METHOD);
        this.access = access;
        this.chats = chats;
        this.messages = messages;
        this.seqs = seqs;
        this.transactions = transactions;
        this.clock = clock;
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
        if (command.authenticated() || !INTERNAL.equals(command.connectionId())) {
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
                    return seqs.withSeqs(target.gid(), run -> transactions.run(
                                    messages.insertIfAbsent(inChat, run.candidate())
                                            .doOnNext(stored -> run.stored(stored.seq()))
                                            .flatMap(stored -> chats.touch(target.id(), now).thenReturn(stored))))
                            .map(stored -> ChatOutcomes.messages(Outcome.of(), target.gid(), 0, List.of(stored),
                                    target.members()));
                });
    }

    private Mono<Chat> noticeChat(String gid, long userId, long now) {
        return chats.findByGid(gid).switchIfEmpty(Mono.defer(() -> access.requireKnownUsers(List.of(userId))
                .then(chats.insert(new ChatStore.NewChat(gid, NOTICE_CHAT_NAME, Chat.TYPE_SYSTEM, List.of(),
                        "$ADMINS", 0, false, "system", now)))
                .flatMap(id -> chats.addMember(id, userId, now))
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> Mono.empty())
                .then(chats.reload(gid))));
    }
}
