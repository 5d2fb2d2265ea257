package io.xuanxuan.chat.api;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code getList}: the caller's chats (the userId parameter is ignored: always the caller). */
public class GetListHandler implements CommandHandler {

    private final ChatStore chats;

    public GetListHandler(ChatStore chats) {
        this.chats = chats;
    }

    @Override
    public ServiceName service() {
        return ServiceName.CHAT;
    }

    @Override
    public String route() {
        return Methods.route(Methods.GET_LIST);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return chats.chatsOf(command.userId())
                .map(list -> Outcome.respond(command, Response.success(command.request(), list)));
    }
}
