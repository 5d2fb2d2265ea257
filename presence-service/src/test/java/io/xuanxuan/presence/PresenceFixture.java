package io.xuanxuan.presence;

import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.presence.config.PresenceProperties;
import io.xuanxuan.presence.domain.LoginResult;
import io.xuanxuan.presence.domain.LoginService;
import io.xuanxuan.presence.domain.PasswordHasher;
import io.xuanxuan.presence.domain.PasswordWork;
import io.xuanxuan.presence.domain.SessionEnd;
import io.xuanxuan.presence.domain.VerifiedCredentials;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.Outgoing;
import io.xuanxuan.service.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;

/** Presence's domain on a fresh H2 database, without the bus: for tests of handlers and domain pieces. */
public final class PresenceFixture implements AutoCloseable {

    public static final String PASSWORD = PasswordHasher.md5("123456");

    public final DatabaseClient db = TestDatabases.create(TestDatabases.Engine.H2, "presence");
    public final AccountStore accounts = new AccountStore(db);
    public final SessionStore sessions = new SessionStore(db);
    public final UserDirectory directory = new UserDirectory(accounts);
    public final PasswordHasher hasher;
    public final PasswordWork work;
    public final LoginService logins;
    public final SessionEnd sessionEnd = new SessionEnd(accounts, sessions, directory);

    public PresenceFixture() {
        this(new PasswordHasher(4), 2, 16);
    }

    public PresenceFixture(PasswordHasher hasher, int passwordThreads, int passwordQueue) {
        this.hasher = hasher;
        this.work = new PasswordWork(passwordThreads, passwordQueue, null);
        PresenceProperties properties = new PresenceProperties();
        // every login verifies its password: no credential cache
        VerifiedCredentials verified = new VerifiedCredentials(Duration.ZERO, 10, Clock.systemUTC());
        this.logins = new LoginService(accounts, directory, sessions, hasher, work, verified, properties,
                Clock.systemUTC());
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

    /** The accounts an outcome pushes {@code method} about to the others. */
    public static List<String> pushed(Outcome outcome, String method) {
        return outcome.records().stream().map(Outgoing::record)
                .filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .filter(d -> d.packets() != null)
                .flatMap(d -> d.packets().stream())
                .filter(p -> method.equals(p.method()))
                .map(packet -> packet.data().path("account").asText())
                .toList();
    }

    public static List<PresenceEvent> events(Outcome outcome) {
        return outcome.records().stream().map(Outgoing::record)
                .filter(PresenceEvent.class::isInstance).map(PresenceEvent.class::cast).toList();
    }

    public static boolean closes(Outcome outcome, String connectionId) {
        return outcome.records().stream().map(Outgoing::record)
                .filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .anyMatch(d -> d.close() && Objects.equals(d.target().connectionId(), connectionId));
    }

    @Override
    public void close() {
        work.close();
    }
}
