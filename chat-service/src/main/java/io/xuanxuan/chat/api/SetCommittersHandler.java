package io.xuanxuan.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.Committers;
import io.xuanxuan.chat.domain.RequestLimits;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * {@code setCommitters}: gid, committers ({@code ''}, {@code '$ALL'}, {@code '$ADMINS'}, {@code '1,2'}, or
 * an array of ids, stored comma-joined); admins of the chat only. Answers the chat and pushes
 * {@code setCommitters} with it to the others.
 */
public class SetCommittersHandler extends ChatHandler {

    private static final String EXPECTED = "'', '$ALL', '$ADMINS', comma-joined user ids or an array of user ids";

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final RequestLimits limits;
    private final Clock clock;

    public SetCommittersHandler(ChatLookup lookup, ChatStore chats, RequestLimits limits, Clock clock) {
        super(Methods.SET_COMMITTERS);
        this.limits = limits;
        this.lookup = lookup;
        this.chats = chats;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "committers");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        String committers = committers(params);
        limits.requireFewEnoughUsers(Committers.ids(committers), "committers");
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireChatAdmin(chat, caller, "set who may post");
            ChatRules.requireNotDismissed(chat);
            return chats.updateCommitters(chat.id(), committers, caller.account(), ChatOutcomes.now(clock))
                    .then(Mono.defer(() -> chats.reload(chat.gid())))
                    .map(updated -> {
                        Outcome outcome = Outcome.respond(command, Response.success(command.request(), updated));
                        ChatOutcomes.push(outcome, Methods.SET_COMMITTERS, updated, updated.members(), userId);
                        return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CHANGED, updated);
                    });
        });
    }

    private static String committers(Params params) {
        JsonNode value = params.node("committers").orElseThrow(() -> Params.missing("committers"));
        if (value.isArray()) {
            return Committers.join(params.optionalIds("committers").orElseThrow());
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw Params.invalid("committers", EXPECTED);
        }
        return Committers.normalize(value.asText()).orElseThrow(() -> Params.invalid("committers", EXPECTED));
    }
}
