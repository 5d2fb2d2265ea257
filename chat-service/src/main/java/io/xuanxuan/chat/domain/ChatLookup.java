package io.xuanxuan.chat.domain;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatUserStore;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.protocol.InvalidRequestException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Looks up what every chat method starts from: the chat named by the request, the caller, the users it names;
 * what is not there is a {@link RuleRefusal} (or an invalid request) the caller can act on.
 */
public class ChatLookup {

    private final ChatStore chats;
    private final ChatUserStore users;

    public ChatLookup(ChatStore chats, ChatUserStore users) {
        this.chats = chats;
        this.users = users;
    }

    /**
     * The chat with its members, or a refusal saying it does not exist. A one-to-one gid finds the chat
     * under either order; callers answer with {@code chat.gid()}, the gid it was created under.
     */
    public Mono<Chat> chat(String gid) {
        return chats.findByGid(gid)
                .switchIfEmpty(Mono.error(() -> new RuleRefusal("Chat '" + gid + "' does not exist.")))
                .doOnNext(ChatRules::requireOwnsItsGid);
    }

    /** The calling user as chat knows it (from presence events). */
    public Mono<ChatUser> caller(long userId) {
        return users.findById(userId)
                .switchIfEmpty(Mono.error(() -> new RuleRefusal(
                        "Your account is not known to the chat service yet; try again in a moment.")));
    }

    /** Completes if every id is a known user; otherwise a fail naming the unknown ones. */
    public Mono<Void> requireKnownUsers(Collection<Long> ids) {
        List<Long> wanted = ChatRules.distinct(ids);
        return users.existingIds(wanted).flatMap(known -> {
            List<Long> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
            return unknown.isEmpty() ? Mono.<Void>empty()
                    : Mono.error(new InvalidRequestException("Unknown user id(s): "
                            + unknown.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "."));
        });
    }
}
