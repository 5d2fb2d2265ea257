package io.xuanxuan.chat.api;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code getList}: the caller's chats, each with its members and the caller's own star/hide/mute (the
 * userId parameter is ignored: always the caller).
 */
public class GetListHandler extends ChatHandler {

    private final ChatStore chats;

    public GetListHandler(ChatStore chats) {
        super(Methods.GET_LIST);
        this.chats = chats;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return chats.chatsOf(command.userId())
                .map(list -> Outcome.respond(command, Response.success(command.request(), list)));
    }
}
