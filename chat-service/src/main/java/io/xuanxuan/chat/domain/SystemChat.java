package io.xuanxuan.chat.domain;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.model.objects.Chat;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The system chat: one chat of type {@code system} (gid {@value #GID}) whose members are every user the
 * chat service knows. Created at start-up if missing; every user presence reports joins it.
 */
public class SystemChat {

    private static final Logger log = LoggerFactory.getLogger(SystemChat.class);

    public static final String GID = "system";
    public static final String NAME = "System";
    /** {@code createdBy} of the system chat: made by the server, not by an account. */
    public static final String CREATED_BY = "system";

    private final ChatStore chats;
    private final MemberCursors cursors;
    private final ChatTransactions transactions;
    private final Clock clock;
    private volatile Long chatId;

    public SystemChat(ChatStore chats, MemberCursors cursors, ChatTransactions transactions, Clock clock) {
        this.chats = chats;
        this.cursors = cursors;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Creates the system chat if missing and makes every known user a member; idempotent. The users it
     * takes in start at the chat's end (their first login does not sync its past).
     */
    public Mono<Long> ensureExists() {
        long now = clock.instant().getEpochSecond();
        return chats.findByGid(GID).map(Chat::id)
                .switchIfEmpty(Mono.defer(() -> chats.insert(new ChatStore.NewChat(GID, NAME, Chat.TYPE_SYSTEM,
                                List.of(), "", 0, false, CREATED_BY, now))
                        .doOnNext(id -> log.info("system chat created"))
                        .onErrorResume(DuplicateKeys::isDuplicateKey, e -> chats.findByGid(GID).map(Chat::id))))
                .flatMap(id -> transactions.run(chats.addAllUsers(id, now)
                                .then(cursors.startMissingAtEnd(id, GID)))
                        .thenReturn(id))
                .doOnNext(id -> chatId = id);
    }

    /**
     * Makes a user a member of the system chat unless already one; a new member's cursor starts at the
     * chat's end, in the same transaction (an existing member's cursor is left alone: it may be behind).
     */
    public Mono<Void> join(long userId) {
        Long known = chatId;
        Mono<Long> id = known != null ? Mono.just(known) : ensureExists();
        // every presence event comes here: a member (the common case) costs one read, no transaction
        return id.flatMap(chat -> chats.isMember(chat, userId).flatMap(member -> member ? Mono.<Boolean>empty()
                        : transactions.run(chats.addMemberIfAbsent(chat, userId, clock.instant().getEpochSecond())
                                .flatMap(added -> added ? cursors.startAtEnd(GID, List.of(userId)).thenReturn(true)
                                        : Mono.just(false)))))
                .then();
    }
}
