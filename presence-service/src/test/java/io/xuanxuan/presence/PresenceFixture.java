package io.xuanxuan.presence;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.api.LoginHandler;
import io.xuanxuan.presence.api.LogoutHandler;
import io.xuanxuan.presence.api.PresenceConnectionClosedHandler;
import io.xuanxuan.presence.api.SettingsHandler;
import io.xuanxuan.presence.api.UserChangeNameHandler;
import io.xuanxuan.presence.api.UserChangeStatusHandler;
import io.xuanxuan.presence.api.UserGetListHandler;
import io.xuanxuan.presence.config.PresenceProperties;
import io.xuanxuan.presence.domain.LoginMetrics;
import io.xuanxuan.presence.domain.LoginResult;
import io.xuanxuan.presence.domain.LoginService;
import io.xuanxuan.presence.domain.PasswordHasher;
import io.xuanxuan.presence.domain.PasswordWork;
import io.xuanxuan.presence.domain.Profiles;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.presence.domain.UserSettings;
import io.xuanxuan.presence.domain.VerifiedCredentials;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.SettingsStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandDispatcher;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.command.RecordingBus;
import io.xuanxuan.service.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Presence on a fresh H2 database, without a real bus: its domain pieces for domain tests, and its
 * handlers behind a {@link CommandDispatcher} publishing to a {@link RecordingBus}, so a rule is tested
 * as a command in and the published records out, without a WebSocket.
 */
public final class PresenceFixture implements AutoCloseable {

    public static final String PASSWORD = PasswordHasher.md5("123456");

    public final DatabaseClient db = TestDatabases.create(TestDatabases.Engine.H2, "presence");
    public final AccountStore accounts = new AccountStore(db);
    public final SessionStore sessions = new SessionStore(db);
    public final UserDirectory directory = new UserDirectory(accounts);
    public final PasswordHasher hasher;
    public final PasswordWork work;
    public final LoginService logins;
    public final SettingsStore settings = new SettingsStore(db);
    public final Sessions presenceSessions;
    public final RecordingBus bus = new RecordingBus();
    public final CommandDispatcher dispatcher;

    public PresenceFixture() {
        this(new PasswordHasher(4), 2, 16);
    }

    public PresenceFixture(PasswordHasher hasher, int passwordThreads, int passwordQueue) {
        this.hasher = hasher;
        this.work = new PasswordWork(passwordThreads, passwordQueue, null);
        PresenceProperties properties = PresenceProperties.defaults();
        // every login verifies its password: no credential cache
        VerifiedCredentials verified = new VerifiedCredentials(Duration.ZERO, 10, Clock.systemUTC());
        this.logins = new LoginService(accounts, directory, sessions, hasher, work, verified, properties,
                Clock.systemUTC());
        this.presenceSessions = new Sessions(logins, accounts, sessions, directory);
        Profiles profiles = new Profiles(accounts, directory, properties.maxNameLength());
        UserSettings userSettings = new UserSettings(accounts, settings, properties.maxSettingsLength(),
                Clock.systemUTC());
        this.dispatcher = new CommandDispatcher(ServiceName.PRESENCE, bus, List.of(
                new LoginHandler(presenceSessions, directory, new LoginMetrics(null)),
                new LogoutHandler(presenceSessions),
                new UserGetListHandler(directory),
                new UserChangeNameHandler(profiles),
                new UserChangeStatusHandler(profiles),
                new SettingsHandler(userSettings)),
                List.of(new PresenceConnectionClosedHandler(presenceSessions)), null);
    }

    /** Dispatches one command as the bus would hand it over; returns the records it published, in order. */
    public List<Object> dispatch(Command command) {
        int before = bus.count();
        dispatcher.dispatch(command).block(Duration.ofSeconds(30));
        List<Outgoing> all = bus.published();
        return all.subList(before, all.size()).stream().map(Outgoing::record).toList();
    }

    /** Creates an account with password 123456 (hashed by a fast hasher, whatever this fixture verifies with). */
    public long account(String name) {
        return accounts.insert(name, new PasswordHasher(4).hash(PASSWORD), name, "", 0, "no", "", "", "", "", "", 1L)
                .block();
    }

    public LoginResult.Success login(String name, String gatewayId, String connectionId) {
        return (LoginResult.Success) logins.login(name, PASSWORD, UserStatus.ONLINE, gatewayId, connectionId).block();
    }

    public String status(long userId) {
        return accounts.findById(userId).block().status();
    }

    @Override
    public void close() {
        work.close();
    }
}
