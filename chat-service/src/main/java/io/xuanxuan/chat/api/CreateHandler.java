package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.chat.domain.RuleRefusal;
import io.xuanxuan.chat.domain.RequestLimits;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code create}: gid, name, type, members, subject, public. Idempotent by gid: an existing chat of which
 * the caller is a member, or a public group, is answered as it is and nothing is pushed (the 2.x clients
 * fetch a chat they do not know with {@code [gid, "", "", "", 0, false]}); anyone else is refused and told
 * nothing about the chat. The other parameters are checked only to make a new chat. A one2one chat has exactly the
 * caller and one other user and their ids joined by {@code &} as its gid, in either order (both orders
 * are one chat, answered under the gid it was created with; see {@link OneToOneGid}); the creator of a
 * group is always a member and an admin.
 */
public class CreateHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final ChatTransactions transactions;
    private final RequestLimits limits;
    private final Clock clock;

    public CreateHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions, RequestLimits limits,
                         Clock clock) {
        super(Methods.CREATE);
        this.lookup = lookup;
        this.limits = limits;
        this.chats = chats;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "name", "type", "members", "subject", "public");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        String type = params.text("type", "").trim().toLowerCase(Locale.ROOT);
        String name = params.text("name", "").trim();
        if (name.length() > ChatRules.MAX_NAME_LENGTH) {
            throw new InvalidRequestException("Parameter 'name' must be at most " + ChatRules.MAX_NAME_LENGTH
                    + " characters.");
        }
        List<Long> requested = params.optionalIds("members").orElse(List.of());
        limits.requireFewEnoughUsers(requested, "members");
        long subject = params.longValue("subject", 0);
        boolean isPublic = params.bool("public", false);
        long userId = command.userId();
        List<Long> withCaller = new ArrayList<>();
        withCaller.add(userId);
        withCaller.addAll(requested);
        List<Long> members = ChatRules.distinct(withCaller);
        // a gid of two user ids is that pair's one-to-one chat and nothing else; the type may be left out
        String chatType = type.isEmpty() ? OneToOneGid.hasReservedForm(gid) ? Chat.TYPE_ONE2ONE : Chat.TYPE_GROUP
                : type;
        // the 2.x client's fetch of a chat it does not know names neither type nor members: its gid alone is
        // checked before the lookup (the same answer whether that pair's chat exists or not), the rest only if
        // a chat is made; any other request is checked whole first, as the one-to-one rule wants
        boolean fetch = type.isEmpty() && requested.isEmpty();
        if (fetch) {
            ChatRules.requireMayOpen(gid, userId);
        } else {
            ChatRules.requireFitsItsGid(gid, chatType, members, userId);
        }
        return lookup.caller(userId).flatMap(caller -> chats.findByGid(gid)
                .map(existing -> existing(command, existing))
                .switchIfEmpty(Mono.defer(() -> {
                    ChatRules.requireFitsItsGid(gid, chatType, members, userId);
                    return create(command, caller, gid, chatType, name, members, subject, isPublic);
                })));
    }

    /**
     * The gid is taken: the same chat again for one of its members or, if it is a public group, for anyone
     * (what {@code getPublicList} shows); a refusal that says nothing of the chat for anyone else. Under a
     * one-to-one gid only that pair's one2one chat is ever answered (see {@link ChatRules#requireOwnsItsGid}).
     */
    private Outcome existing(Command command, Chat chat) {
        ChatRules.requireOwnsItsGid(chat);
        if (!ChatRules.mayFetch(chat, command.userId())) {
            throw new RuleRefusal("The gid '" + chat.gid() + "' is taken by a chat you are not a member of; use "
                    + "a new gid to create a chat, or ask a member to invite you.");
        }
        if (!ChatRules.isMember(chat, command.userId())) {
            // a public group shown to a non-member: nothing was made, nothing to publish
            return Outcome.respond(command, Response.success(command.request(), chat));
        }
        Outcome outcome = Outcome.respond(command, Response.success(command.request(), chat));
        // a re-processed create re-publishes its event; consumers treat it as an upsert
        return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CREATED, chat);
    }

    private Mono<Outcome> create(Command command, ChatUser caller, String gid, String type, String name,
                                 List<Long> members, long subject, boolean isPublic) {
        List<Long> admins;
        boolean publicChat = isPublic;
        if (Chat.TYPE_ONE2ONE.equals(type)) {
            admins = List.of();
            publicChat = false;
        } else if (Chat.TYPE_GROUP.equals(type)) {
            admins = List.of(caller.id());
        } else {
            throw new InvalidRequestException("Parameter 'type' must be one2one or group.");
        }
        long now = ChatOutcomes.now(clock);
        ChatStore.NewChat row = new ChatStore.NewChat(gid, name, type, admins, "", subject, publicChat,
                caller.account(), now);
        Mono<Void> store = transactions.run(chats.insert(row)
                .flatMap(id -> Flux.fromIterable(members).concatMap(member -> chats.addMember(id, member, now)).then()));
        return lookup.requireKnownUsers(members)
                .then(store)
                .then(Mono.defer(() -> chats.reload(gid)))
                .map(chat -> {
                    Outcome outcome = Outcome.respond(command, Response.success(command.request(), chat));
                    ChatOutcomes.push(outcome, Methods.CREATE, chat, chat.members(), caller.id());
                    return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CREATED, chat);
                })
                .onErrorResume(DuplicateKeys::isDuplicateKey,
                        e -> chats.reload(gid).map(existing -> existing(command, existing)));
    }
}
