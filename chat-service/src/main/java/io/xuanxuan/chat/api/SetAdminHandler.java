package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.RequestLimits;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code setAdmin}: gid, admins (user ids), isAdmin (default true: add them; false: remove them). System
 * administrators only, on system chats. Answers the chat and pushes {@code setAdmin} with it to the others.
 */
public class SetAdminHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final RequestLimits limits;
    private final Clock clock;

    public SetAdminHandler(ChatLookup lookup, ChatStore chats, RequestLimits limits, Clock clock) {
        super(Methods.SET_ADMIN);
        this.limits = limits;
        this.lookup = lookup;
        this.chats = chats;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "admins", "isAdmin");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        List<Long> named = ChatRules.distinct(params.optionalIds("admins").orElse(List.of()));
        if (named.isEmpty()) {
            throw new InvalidRequestException("Parameter 'admins' must name at least one user.");
        }
        limits.requireFewEnoughUsers(named, "admins");
        boolean isAdmin = params.bool("isAdmin", true);
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireMaySetAdmins(chat, caller);
            ChatRules.requireNotDismissed(chat);
            List<Long> admins = new ArrayList<>(chat.admins());
            if (isAdmin) {
                named.stream().filter(id -> !admins.contains(id)).forEach(admins::add);
            } else {
                admins.removeAll(named);
            }
            Mono<Void> check = isAdmin ? lookup.requireKnownUsers(named) : Mono.empty();
            return check.then(chats.updateAdmins(chat.id(), admins, caller.account(), ChatOutcomes.now(clock)))
                    .then(Mono.defer(() -> chats.reload(chat.gid())))
                    .map(updated -> {
                        Outcome outcome = Outcome.respond(command, Response.success(command.request(), updated));
                        ChatOutcomes.push(outcome, Methods.SET_ADMIN, updated, updated.members(), userId);
                        return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CHANGED, updated);
                    });
        });
    }
}
