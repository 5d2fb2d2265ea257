package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.MemberCursors;
import io.xuanxuan.chat.domain.RequestLimits;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code addmember}: gid, members, join (default true). Members of a group chat may invite anyone
 * ({@code join=true}); admins of the chat (creator + admins) may remove members ({@code join=false}).
 * Answers the chat and pushes {@code addmember} with it to its members and the removed users, but the caller.
 * New members' cursors start at the chat's end: their next login syncs what is sent from now on.
 */
public class AddMemberHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final ChatTransactions transactions;
    private final MemberCursors cursors;
    private final RequestLimits limits;
    private final Clock clock;

    public AddMemberHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions, MemberCursors cursors,
                            RequestLimits limits, Clock clock) {
        super(Methods.ADD_MEMBER);
        this.cursors = cursors;
        this.limits = limits;
        this.lookup = lookup;
        this.chats = chats;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "members", "join");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        List<Long> named = ChatRules.distinct(params.optionalIds("members").orElse(List.of()));
        if (named.isEmpty()) {
            throw new InvalidRequestException("Parameter 'members' must name at least one user.");
        }
        limits.requireFewEnoughUsers(named, "members");
        boolean join = params.bool("join", true);
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            long now = ChatOutcomes.now(clock);
            ChatRules.requireNotDismissed(chat);
            Mono<Void> change;
            List<Long> removed;
            if (join) {
                ChatRules.requireGroupMember(chat, userId, "joined by invitation");
                List<Long> added = named.stream().filter(id -> !chat.members().contains(id)).toList();
                removed = List.of();
                // the cursors in the same transaction: a sync never sees a new member without one
                change = lookup.requireKnownUsers(named).then(transactions.run(Flux.fromIterable(added)
                        .concatMap(id -> chats.addMember(chat.id(), id, now))
                        .then(cursors.startAtEnd(chat.gid(), added))));
            } else {
                ChatRules.requireMayRemoveMembers(chat, caller, named, gid);
                removed = named.stream().filter(id -> chat.members().contains(id)).toList();
                List<Long> admins = chat.admins().stream().filter(id -> !removed.contains(id)).toList();
                Mono<Void> removals = Flux.fromIterable(removed)
                        .concatMap(id -> chats.removeMember(chat.id(), id)).then();
                change = transactions.run(admins.size() == chat.admins().size() ? removals
                        : removals.then(chats.updateAdmins(chat.id(), admins, chat.editedBy(), chat.editedDate())));
            }
            return change.then(Mono.defer(() -> chats.reload(chat.gid()))).map(updated -> {
                Outcome outcome = Outcome.respond(command, Response.success(command.request(), updated));
                Set<Long> targets = new LinkedHashSet<>(updated.members());
                targets.addAll(removed);
                ChatOutcomes.push(outcome, Methods.ADD_MEMBER, updated, targets, userId);
                return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.MEMBERS_CHANGED, updated);
            });
        });
    }
}
