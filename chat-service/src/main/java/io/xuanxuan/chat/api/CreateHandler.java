package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatAccess;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.chat.domain.Refusal;
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
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code create}: gid, name, type, members, subject, public. Idempotent by gid: an existing chat of which
 * the caller is a member is answered as it is and nothing is pushed. A one2one chat has exactly the
 * caller and one other user and their ids joined by {@code &} as its gid, in either order (both orders
 * are one chat, answered under the gid it was created with; see {@link OneToOneGid}); the creator of a
 * group is always a member and an admin.
 */
public class CreateHandler extends ChatHandler {

    private final ChatAccess access;
    private final ChatStore chats;
    private final ChatTransactions transactions;
    private final RequestLimits limits;
    private final Clock clock;

    public CreateHandler(ChatAccess access, ChatStore chats, ChatTransactions transactions, RequestLimits limits,
                         Clock clock) {
        super(Methods.CREATE);
        this.access = access;
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
        requireFitsItsGid(gid, chatType, members, userId);
        return access.caller(userId).flatMap(caller -> chats.findByGid(gid)
                .map(existing -> existing(command, existing))
                .switchIfEmpty(Mono.defer(() -> create(command, caller, gid, chatType, name, members, subject,
                        isPublic))));
    }

    /**
     * The one-to-one rule of PROTOCOL.md section 3, before anything is looked up: a gid of two user ids
     * (either order) is only ever the one2one chat of exactly those two, opened by one of them; a one2one
     * chat only ever has such a gid.
     */
    private static void requireFitsItsGid(String gid, String type, List<Long> members, long callerId) {
        boolean reserved = OneToOneGid.hasReservedForm(gid);
        Optional<OneToOneGid> pair = OneToOneGid.parse(gid);
        if (reserved && pair.isEmpty()) {
            throw new InvalidRequestException("Gid '" + gid + "' has the form of a one-to-one chat's gid but does "
                    + "not name two different users; use the ids of both users joined by '&', or a UUID for a group.");
        }
        if (pair.isPresent()) {
            OneToOneGid users = pair.get();
            if (!users.includes(callerId)) {
                throw new Refusal("Gid '" + gid + "' belongs to the one-to-one chat of users " + users.smaller()
                        + " and " + users.larger() + "; only they can open it. Use a UUID as the gid of a group chat.");
            }
            if (!Chat.TYPE_ONE2ONE.equals(type)) {
                throw new Refusal("Gid '" + gid + "' belongs to the one-to-one chat of users " + users.smaller()
                        + " and " + users.larger() + "; it cannot name a " + type
                        + " chat. Use a UUID as the gid of a group chat.");
            }
            if (!users.isExactly(members)) {
                throw new InvalidRequestException("The one-to-one chat '" + gid + "' has exactly the users "
                        + users.smaller() + " and " + users.larger() + "; 'members' must name no one else.");
            }
        } else if (Chat.TYPE_ONE2ONE.equals(type)) {
            if (members.size() != 2) {
                throw new InvalidRequestException(
                        "A one2one chat is between you and exactly one other user: 'members' must name both.");
            }
            throw new InvalidRequestException("The gid of a one2one chat is the two user ids joined by '&' "
                    + "(either order), here \"" + OneToOneGid.of(members.get(0), members.get(1)) + "\".");
        }
    }

    /**
     * The gid is taken: the same chat again for one of its members, a refusal for anyone else. Under a
     * one-to-one gid only that pair's one2one chat is ever answered (see {@link ChatRules#requireOwnsItsGid}).
     */
    private Outcome existing(Command command, Chat chat) {
        ChatRules.requireOwnsItsGid(chat);
        if (!ChatRules.isMember(chat, command.userId())) {
            throw new Refusal("A chat with gid '" + chat.gid() + "' already exists.");
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
        return access.requireKnownUsers(members)
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
