package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatDismissed;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * {@code dismiss}: gid (the 2.x clients); the admins of a group chat (creator + {@code admins}). Sets the
 * chat's dismissDate; from then on the chat takes no new messages or changes ({@link ChatRules#requireNotDismissed}),
 * and its history stays readable. Answers {@code {gid, dismissDate}} and pushes {@code dismiss} with the same
 * data to the other members. Dismissing a dismissed chat answers (and pushes) its first dismissal again and
 * changes nothing: a re-sent or re-processed request gets the same answer.
 */
public class DismissHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final Clock clock;

    public DismissHandler(ChatLookup lookup, ChatStore chats, Clock clock) {
        super(Methods.DISMISS);
        this.lookup = lookup;
        this.chats = chats;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireMayDismiss(chat, caller);
            Mono<Boolean> dismiss = chat.isDismissed() ? Mono.just(false)
                    : chats.dismiss(chat.id(), caller.account(), ChatOutcomes.now(clock));
            return dismiss.then(Mono.defer(() -> chats.reload(chat.gid()))).map(updated -> {
                ChatDismissed dismissed = new ChatDismissed(updated.gid(), updated.dismissDate());
                Outcome outcome = Outcome.respond(command, Response.success(command.request(), dismissed));
                ChatOutcomes.push(outcome, Methods.DISMISS, updated.gid(), dismissed, updated.members(), userId);
                return ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CHANGED, updated);
            });
        });
    }
}
