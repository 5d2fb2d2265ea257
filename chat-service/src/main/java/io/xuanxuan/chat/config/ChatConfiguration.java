package io.xuanxuan.chat.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.api.GetListHandler;
import io.xuanxuan.chat.event.LoginChatListSender;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.store.ServiceMigration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The chat service. So far it owns the chat tables and answers {@code getList} (also as the login
 * push); the chat methods, messages and their delivery are built on this next.
 */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    @Bean
    public ServiceMigration chatMigration() {
        return ServiceMigration.forService(ServiceName.CHAT.id());
    }

    @Bean
    public ChatStore chatStore(DatabaseClient db) {
        return new ChatStore(db);
    }

    @Bean
    public GetListHandler getListHandler(ChatStore chats) {
        return new GetListHandler(chats);
    }

    @Bean
    public LoginChatListSender loginChatListSender(MessageBus bus, ChatStore chats) {
        return new LoginChatListSender(bus, chats);
    }

    @Bean
    public CommandDispatcher chatDispatcher(MessageBus bus, List<CommandHandler> handlers,
                                            List<ConnectionClosedHandler> closedHandlers,
                                            ObjectProvider<MeterRegistry> meters) {
        return new CommandDispatcher(ServiceName.CHAT, bus, handlers, closedHandlers, meters.getIfAvailable());
    }
}
