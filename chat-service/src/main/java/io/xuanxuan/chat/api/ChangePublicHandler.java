package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatPublicChanged;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** {@code changepublic}: gid, public (default true); members of a group chat. Answers {@code {gid, public}}. */
public class ChangePublicHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final Clock clock;

    public ChangePublicHandler(ChatLookup lookup, ChatStore chats, Clock clock) {
        super(Methods.CHANGE_PUBLIC);
        this.lookup = lookup;
        this.chats = chats;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "public");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        boolean isPublic = params.bool("public", true);
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireGroupMember(chat, userId, "made public or private");
            ChatRules.requireNotDismissed(chat);
            return chats.updatePublic(chat.id(), isPublic, caller.account(), ChatOutcomes.now(clock))
                    .then(Mono.defer(() -> chats.reload(chat.gid())))
                    .map(updated -> {
                        Outcome outcome = Outcome.respond(command, Response.success(command.request(),
                                new ChatPublicChanged(chat.gid(), isPublic)));
                        ChatOutcomes.push(outcome, Methods.CHANGE_PUBLIC, updated, updated.members(), userId);
                        return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CHANGED, updated);
                    });
        });
    }
}
