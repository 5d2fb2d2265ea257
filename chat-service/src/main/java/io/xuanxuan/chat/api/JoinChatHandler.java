package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.MemberCursors;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatMembership;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code joinchat}: gid, join (default true). Anyone may join a public group chat; a member of a group
 * chat may leave it (and stops being one of its admins). Answers {@code {gid, join, chat}} and pushes
 * {@code joinchat} with the chat to its members (and the one who left), but the caller.
 */
public class JoinChatHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final ChatTransactions transactions;
    private final MemberCursors cursors;
    private final Clock clock;

    public JoinChatHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions, MemberCursors cursors,
                           Clock clock) {
        super(Methods.JOIN_CHAT);
        this.cursors = cursors;
        this.lookup = lookup;
        this.chats = chats;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "join");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        boolean join = params.bool("join", true);
        long userId = command.userId();
        return lookup.caller(userId).then(lookup.chat(gid)).flatMap(chat -> {
            long now = ChatOutcomes.now(clock);
            boolean member = ChatRules.isMember(chat, userId);
            Mono<Void> change;
            if (join) {
                if (member) {
                    change = Mono.empty();
                } else {
                    ChatRules.requireMayJoin(chat, gid);
                    // leaving a dismissed chat is allowed: its members may clear it from their list
                    ChatRules.requireNotDismissed(chat);
                    // the cursor in the same transaction: a sync never sees the new member without one
                    change = transactions.run(chats.addMember(chat.id(), userId, now)
                            .then(cursors.startAtEnd(chat.gid(), List.of(userId))));
                }
            } else {
                ChatRules.requireMayLeave(chat, userId, gid);
                change = transactions.run(chats.removeMember(chat.id(), userId)
                        .then(chat.admins().contains(userId)
                                ? chats.updateAdmins(chat.id(), without(chat.admins(), userId), chat.editedBy(),
                                        chat.editedDate())
                                : Mono.empty()));
            }
            return change.then(Mono.defer(() -> chats.reload(chat.gid()))).map(updated -> {
                Outcome outcome = Outcome.respond(command, Response.success(command.request(),
                        new ChatMembership(chat.gid(), join, updated)));
                Set<Long> targets = new LinkedHashSet<>(updated.members());
                targets.add(userId);
                ChatOutcomes.push(outcome, Methods.JOIN_CHAT, updated, targets, userId);
                return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.MEMBERS_CHANGED, updated);
            });
        });
    }

    static List<Long> without(List<Long> ids, long id) {
        return ids.stream().filter(other -> other != id).toList();
    }
}
