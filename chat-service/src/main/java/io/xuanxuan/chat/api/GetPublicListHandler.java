package io.xuanxuan.chat.api;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code getPublicList}: every public group chat, which anyone may join. */
public class GetPublicListHandler extends ChatHandler {

    private final ChatStore chats;

    public GetPublicListHandler(ChatStore chats) {
        super(Methods.GET_PUBLIC_LIST);
        this.chats = chats;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return chats.publicChats()
                .map(list -> Outcome.respond(command, Response.success(command.request(), list)));
    }
}
