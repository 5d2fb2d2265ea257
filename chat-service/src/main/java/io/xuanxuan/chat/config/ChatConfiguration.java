package io.xuanxuan.chat.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.api.AddMemberHandler;
import io.xuanxuan.chat.api.ChangeNameHandler;
import io.xuanxuan.chat.api.ChangePublicHandler;
import io.xuanxuan.chat.api.BroadcastHandler;
import io.xuanxuan.chat.api.CategoryHandler;
import io.xuanxuan.chat.api.DismissHandler;
import io.xuanxuan.chat.api.CreateHandler;
import io.xuanxuan.chat.api.GetListHandler;
import io.xuanxuan.chat.api.GetPublicListHandler;
import io.xuanxuan.chat.api.HistoryHandler;
import io.xuanxuan.chat.api.JoinChatHandler;
import io.xuanxuan.chat.api.MemberFlagHandler;
import io.xuanxuan.chat.api.MembersHandler;
import io.xuanxuan.chat.api.MessageHandler;
import io.xuanxuan.chat.api.SetAdminHandler;
import io.xuanxuan.chat.api.SetCommittersHandler;
import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.DeliveryBudget;
import io.xuanxuan.chat.domain.LoginSync;
import io.xuanxuan.chat.domain.MemberCursors;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.chat.domain.SeqAllocator;
import io.xuanxuan.chat.domain.RequestLimits;
import io.xuanxuan.chat.domain.SystemChatPosters;
import io.xuanxuan.chat.domain.SystemChat;
import io.xuanxuan.chat.event.BroadcastConsumer;
import io.xuanxuan.chat.event.CursorConsumer;
import io.xuanxuan.chat.event.SyncConsumer;
import io.xuanxuan.chat.event.ChatViewConsumer;
import io.xuanxuan.chat.event.PresenceConsumer;
import io.xuanxuan.chat.store.CachedChatStore;
import io.xuanxuan.chat.store.CachedChatUserStore;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.chat.store.ChatUserStore;
import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.chat.store.MessageInsertBatcher;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.store.ServiceMigration;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The chat service: chats, members, messages and chat's own view of the users. Imported by the
 * standalone server, and by the chat application in distributed mode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
public class ChatConfiguration {

    @Bean
    public ServiceMigration chatMigration() {
        return ServiceMigration.forService(ServiceName.CHAT.id());
    }

    @Bean
    public CachedChatStore chatStore(DatabaseClient db, ChatProperties properties) {
        return new CachedChatStore(db, properties.cache().maxChats());
    }

    @Bean
    public MessageStore chatMessageStore(DatabaseClient db) {
        return new MessageStore(db);
    }

    @Bean
    public MessageInsertBatcher chatMessageInsertBatcher(MessageStore messages, ChatProperties properties,
                                                         ObjectProvider<MeterRegistry> meters) {
        ChatProperties.InsertBatch batch = properties.insertBatch();
        return new MessageInsertBatcher(messages, batch.maxRows(), batch.maxInFlight(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public CursorStore chatCursorStore(DatabaseClient db) {
        return new CursorStore(db);
    }

    /** The last seq of this many chats is kept in memory; a chat that is not there costs one MAX(seq). */
    static final long SEQ_CACHE_CHATS = 100_000;

    @Bean
    public SeqAllocator chatSeqAllocator(MessageStore messages) {
        return new SeqAllocator(messages, SEQ_CACHE_CHATS);
    }

    @Bean
    public MemberCursors chatMemberCursors(MessageStore messages, CursorStore cursors) {
        return new MemberCursors(messages, cursors);
    }

    @Bean
    public LoginSync chatLoginSync(CursorStore cursors, ChatProperties properties, Clock clock) {
        return new LoginSync(cursors, properties.sync().pageSize(), properties.sync().maxAge(), clock);
    }

    @Bean
    public SyncConsumer chatSyncConsumer(MessageBus bus, LoginSync sync) {
        return new SyncConsumer(bus, sync);
    }

    @Bean
    public CursorConsumer chatCursorConsumer(MessageBus bus, CursorStore cursors) {
        return new CursorConsumer(bus, cursors);
    }

    @Bean
    public CachedChatUserStore chatUserStore(DatabaseClient db, ChatProperties properties) {
        return new CachedChatUserStore(db, properties.cache().maxUsers());
    }

    @Bean
    public ChatViewConsumer chatViewConsumer(MessageBus bus, CachedChatStore chats, CachedChatUserStore users,
                                             ChatProperties properties) {
        String instance = properties.instanceId().isEmpty() ? UUID.randomUUID().toString()
                : properties.instanceId();
        return new ChatViewConsumer(bus, chats, users, instance);
    }

    /** Transactions on the application's transaction manager, or one of chat's own on the same database. */
    @Bean
    public ChatTransactions chatTransactions(ObjectProvider<ReactiveTransactionManager> managers,
                                             ConnectionFactory connectionFactory) {
        ReactiveTransactionManager manager = managers.getIfUnique(() -> new R2dbcTransactionManager(connectionFactory));
        return new ChatTransactions(TransactionalOperator.create(manager));
    }

    @Bean
    public RequestLimits chatRequestLimits(ChatProperties properties) {
        return new RequestLimits(properties.maxUsersPerRequest());
    }

    @Bean
    public DeliveryBudget chatDeliveryBudget(ChatProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new DeliveryBudget(properties.deliveriesPerSecond(), properties.deliveriesBurst(),
                meters.getIfAvailable());
    }

    @Bean
    public ChatLookup chatLookup(ChatStore chats, ChatUserStore users) {
        return new ChatLookup(chats, users);
    }

    @Bean
    public SystemChat chatSystemChat(ChatStore chats, MemberCursors cursors, ChatTransactions transactions,
                                     Clock clock) {
        return new SystemChat(chats, cursors, transactions, clock);
    }

    @Bean
    public PresenceConsumer chatPresenceConsumer(MessageBus bus, ChatStore chats, ChatUserStore users,
                                                 SystemChat systemChat) {
        return new PresenceConsumer(bus, chats, users, systemChat);
    }

    @Bean
    public GetListHandler chatGetListHandler(ChatStore chats) {
        return new GetListHandler(chats);
    }

    @Bean
    public GetPublicListHandler chatGetPublicListHandler(ChatStore chats) {
        return new GetPublicListHandler(chats);
    }

    @Bean
    public CreateHandler chatCreateHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions,
                                           RequestLimits limits, Clock clock) {
        return new CreateHandler(lookup, chats, transactions, limits, clock);
    }

    @Bean
    public JoinChatHandler chatJoinChatHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions,
                                           MemberCursors cursors, Clock clock) {
        return new JoinChatHandler(lookup, chats, transactions, cursors, clock);
    }

    @Bean
    public ChangeNameHandler chatChangeNameHandler(ChatLookup lookup, ChatStore chats, Messaging messaging,
                                                   Clock clock) {
        return new ChangeNameHandler(lookup, chats, messaging, clock);
    }

    @Bean
    public ChangePublicHandler chatChangePublicHandler(ChatLookup lookup, ChatStore chats, Clock clock) {
        return new ChangePublicHandler(lookup, chats, clock);
    }

    @Bean
    public MemberFlagHandler chatStarHandler(ChatLookup lookup, ChatStore chats) {
        return new MemberFlagHandler(ChatStore.Flag.STAR, lookup, chats);
    }

    @Bean
    public MemberFlagHandler chatHideHandler(ChatLookup lookup, ChatStore chats) {
        return new MemberFlagHandler(ChatStore.Flag.HIDE, lookup, chats);
    }

    @Bean
    public MemberFlagHandler chatMuteHandler(ChatLookup lookup, ChatStore chats) {
        return new MemberFlagHandler(ChatStore.Flag.MUTE, lookup, chats);
    }

    @Bean
    public AddMemberHandler chatAddMemberHandler(ChatLookup lookup, ChatStore chats, ChatTransactions transactions,
                                                 MemberCursors cursors, RequestLimits limits, Clock clock) {
        return new AddMemberHandler(lookup, chats, transactions, cursors, limits, clock);
    }

    @Bean
    public MembersHandler chatMembersHandler(ChatLookup lookup) {
        return new MembersHandler(lookup);
    }

    @Bean
    public SetAdminHandler chatSetAdminHandler(ChatLookup lookup, ChatStore chats, RequestLimits limits,
                                               Clock clock) {
        return new SetAdminHandler(lookup, chats, limits, clock);
    }

    @Bean
    public SetCommittersHandler chatSetCommittersHandler(ChatLookup lookup, ChatStore chats, RequestLimits limits,
                                                         Clock clock) {
        return new SetCommittersHandler(lookup, chats, limits, clock);
    }

    @Bean
    public DismissHandler chatDismissHandler(ChatLookup lookup, ChatStore chats, Clock clock) {
        return new DismissHandler(lookup, chats, clock);
    }

    @Bean
    public CategoryHandler chatCategoryHandler(ChatStore chats) {
        return new CategoryHandler(chats);
    }

    @Bean
    public Messaging chatMessaging(ChatLookup lookup, ChatStore chats, MessageStore messages,
                                   MessageInsertBatcher inserts, SeqAllocator seqs, ChatTransactions transactions,
                                   ChatProperties properties, DeliveryBudget budget) {
        return new Messaging(lookup, chats, messages, inserts, seqs, transactions,
                SystemChatPosters.of(properties.systemChatPosters()), budget);
    }

    @Bean
    public MessageHandler chatMessageHandler(Messaging messaging, ChatProperties properties, Clock clock) {
        return new MessageHandler(messaging, properties, clock);
    }

    @Bean
    public HistoryHandler chatHistoryHandler(ChatLookup lookup, MessageStore messages, ChatProperties properties) {
        return new HistoryHandler(lookup, messages, properties);
    }

    @Bean
    public BroadcastHandler chatBroadcastHandler(ChatLookup lookup, ChatStore chats, Messaging messaging,
                                                 Clock clock) {
        return new BroadcastHandler(lookup, chats, messaging, clock);
    }

    @Bean
    public BroadcastConsumer chatBroadcastConsumer(MessageBus bus, ChatStore chats, ChatProperties properties) {
        return new BroadcastConsumer(bus, chats, properties.maxMessageLength());
    }

    @Bean
    public CommandDispatcher chatDispatcher(MessageBus bus, List<CommandHandler> handlers,
                                            List<ConnectionClosedHandler> closedHandlers,
                                            ObjectProvider<MeterRegistry> meters) {
        return new CommandDispatcher(ServiceName.CHAT, bus, handlers, closedHandlers, meters.getIfAvailable());
    }
}
