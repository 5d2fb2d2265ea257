package io.xuanxuan.chat.api;

import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandHandler;

/** A chat-service method: owned by the chat service, routed by its method name. */
abstract class ChatHandler implements CommandHandler {

    private final String route;

    ChatHandler(String method) {
        this.route = Methods.route(method);
    }

    @Override
    public ServiceName service() {
        return ServiceName.CHAT;
    }

    @Override
    public String route() {
        return route;
    }
}
