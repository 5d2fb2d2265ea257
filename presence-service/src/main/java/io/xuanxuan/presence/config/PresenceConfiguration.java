package io.xuanxuan.presence.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.api.GatewayGoneHandler;
import io.xuanxuan.presence.api.LoginHandler;
import io.xuanxuan.presence.domain.LoginMetrics;
import io.xuanxuan.presence.api.LogoutHandler;
import io.xuanxuan.presence.api.PresenceConnectionClosedHandler;
import io.xuanxuan.presence.api.SettingsHandler;
import io.xuanxuan.presence.api.UserChangeNameHandler;
import io.xuanxuan.presence.api.UserChangeStatusHandler;
import io.xuanxuan.presence.api.UserGetListHandler;
import io.xuanxuan.presence.domain.AccountProvisioning;
import io.xuanxuan.presence.domain.GatewayLiveness;
import io.xuanxuan.presence.domain.LoginService;
import io.xuanxuan.presence.domain.PasswordHasher;
import io.xuanxuan.presence.domain.PasswordWork;
import io.xuanxuan.presence.domain.Profiles;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.presence.domain.UserSettings;
import io.xuanxuan.presence.domain.VerifiedCredentials;
import io.xuanxuan.presence.event.GatewayWatch;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.DepartmentStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.SettingsStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.ConnectionClosedHandler;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.store.ServiceMigration;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The presence service: users, departments, sessions, status and settings, and the 2.x clients' login over HTTP
 * ({@link ServerInfoConfiguration}). Imported by the standalone server, and by the presence application in
 * distributed mode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PresenceProperties.class)
@Import(ServerInfoConfiguration.class)
public class PresenceConfiguration {

    @Bean
    public ServiceMigration presenceMigration() {
        return ServiceMigration.forService(ServiceName.PRESENCE.id());
    }

    @Bean
    public AccountStore accountStore(DatabaseClient db) {
        return new AccountStore(db);
    }

    @Bean
    public SessionStore sessionStore(DatabaseClient db) {
        return new SessionStore(db);
    }

    @Bean
    public DepartmentStore departmentStore(DatabaseClient db) {
        return new DepartmentStore(db);
    }

    @Bean
    public SettingsStore settingsStore(DatabaseClient db) {
        return new SettingsStore(db);
    }

    @Bean
    public UserDirectory userDirectory(AccountStore accounts) {
        return new UserDirectory(accounts);
    }

    @Bean
    public PasswordHasher passwordHasher(PresenceProperties properties) {
        return new PasswordHasher(properties.bcryptStrength());
    }

    @Bean(destroyMethod = "close")
    public PasswordWork passwordWork(PresenceProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new PasswordWork(properties.passwordThreads(), properties.passwordQueue(),
                meters.getIfAvailable());
    }

    @Bean
    public LoginService loginService(AccountStore accounts, UserDirectory directory, SessionStore sessions,
                                     PasswordHasher hasher, PasswordWork passwordWork,
                                     PresenceProperties properties, Clock clock) {
        VerifiedCredentials verified = new VerifiedCredentials(properties.credentialCacheTtl(),
                properties.credentialCacheSize(), clock);
        return new LoginService(accounts, directory, sessions, hasher, passwordWork, verified, properties, clock);
    }

    @Bean
    public AccountProvisioning accountProvisioning(AccountStore accounts, DepartmentStore departments, Clock clock) {
        return new AccountProvisioning(accounts, departments, clock);
    }

    @Bean
    public PresenceStartup presenceStartup(PresenceProperties properties, AccountStore accounts, UserDirectory directory,
                                           SessionStore sessions, AccountProvisioning provisioning,
                                           PasswordHasher hasher, MessageBus bus) {
        return new PresenceStartup(properties, accounts, directory, sessions, provisioning, hasher,
                new OutcomePublisher(bus));
    }

    @Bean
    public Sessions presenceSessions(LoginService logins, AccountStore accounts, SessionStore sessions,
                                     UserDirectory directory) {
        return new Sessions(logins, accounts, sessions, directory);
    }

    @Bean
    public Profiles presenceProfiles(AccountStore accounts, UserDirectory directory, PresenceProperties properties) {
        return new Profiles(accounts, directory, properties.maxNameLength());
    }

    @Bean
    public UserSettings presenceUserSettings(AccountStore accounts, SettingsStore settings,
                                             PresenceProperties properties, Clock clock) {
        return new UserSettings(accounts, settings, properties.maxSettingsLength(), clock);
    }

    @Bean
    public LoginHandler loginHandler(Sessions sessions, UserDirectory directory,
                                     ObjectProvider<MeterRegistry> meters) {
        return new LoginHandler(sessions, directory, new LoginMetrics(meters.getIfAvailable()));
    }

    @Bean
    public LogoutHandler logoutHandler(Sessions sessions) {
        return new LogoutHandler(sessions);
    }

    @Bean
    public UserGetListHandler userGetListHandler(UserDirectory directory) {
        return new UserGetListHandler(directory);
    }

    @Bean
    public UserChangeNameHandler userChangeNameHandler(Profiles profiles) {
        return new UserChangeNameHandler(profiles);
    }

    @Bean
    public UserChangeStatusHandler userChangeStatusHandler(Profiles profiles) {
        return new UserChangeStatusHandler(profiles);
    }

    @Bean
    public SettingsHandler settingsHandler(UserSettings settings) {
        return new SettingsHandler(settings);
    }

    @Bean
    public PresenceConnectionClosedHandler presenceConnectionClosedHandler(Sessions sessions) {
        return new PresenceConnectionClosedHandler(sessions);
    }

    @Bean
    public GatewayGoneHandler gatewayGoneHandler(Sessions sessions) {
        return new GatewayGoneHandler(sessions);
    }

    @Bean
    public GatewayWatch gatewayWatch(MessageBus bus, GatewayGoneHandler gatewayGoneHandler,
                                     PresenceProperties properties) {
        return new GatewayWatch(bus, new GatewayLiveness(properties.gatewayTimeout()), gatewayGoneHandler,
                properties.gatewayCheckInterval());
    }

    @Bean
    public CommandDispatcher presenceDispatcher(MessageBus bus, List<CommandHandler> handlers,
                                                List<ConnectionClosedHandler> closedHandlers,
                                                ObjectProvider<MeterRegistry> meters) {
        return new CommandDispatcher(ServiceName.PRESENCE, bus, handlers, closedHandlers, meters.getIfAvailable());
    }
}
