package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.StoredMessage;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatRenamed;
import io.xuanxuan.service.command.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * {@code changename}: gid, name; members of a group chat. Answers {@code {gid, name}}, pushes
 * {@code changename} with the chat to the other members, and stores a {@code broadcast} message saying
 * who renamed it, delivered to every member like any message.
 */
public class ChangeNameHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final Messaging messaging;
    private final Clock clock;

    public ChangeNameHandler(ChatLookup lookup, ChatStore chats, Messaging messaging, Clock clock) {
        super(Methods.CHANGE_NAME);
        this.lookup = lookup;
        this.chats = chats;
        this.messaging = messaging;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "name");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        String name = ChatRules.requireName(params.text("name"));
        long userId = command.userId();
        return lookup.caller(userId).zipWith(lookup.chat(gid)).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireGroupMember(chat, userId, "renamed");
            ChatRules.requireNotDismissed(chat);
            long now = ChatOutcomes.now(clock);
            Message notice = new Message(0, noticeGid(command), chat.gid(), 0, now, MessageHandler.TYPE_BROADCAST,
                    MessageHandler.CONTENT_TEXT, caller.displayName() + " renamed the chat to \"" + name + "\".");
            Mono<StoredMessage> store = messaging.storeNotice(chat, notice,
                    chats.updateName(chat.id(), name, caller.account(), now), now);
            return store.flatMap(stored -> chats.reload(chat.gid()).map(updated -> {
                Outcome outcome = Outcome.respond(command, Response.success(command.request(),
                        new ChatRenamed(chat.gid(), name)));
                ChatOutcomes.push(outcome, Methods.CHANGE_NAME, updated, updated.members(), userId);
                ChatOutcomes.chatEvent(outcome, ChatEvent.Type.CHANGED, updated);
                return ChatOutcomes.messages(outcome, chat.gid(), 0, List.of(stored), updated.members());
            }));
        });
    }

    /** The server-made gid of the notice: the same for a re-processed command, so it is stored once. */
    static String noticeGid(Command command) {
        return UUID.nameUUIDFromBytes(("chat-notice:" + command.commandId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
