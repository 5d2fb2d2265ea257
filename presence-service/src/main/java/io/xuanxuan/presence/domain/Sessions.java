package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place that decides when a user comes online and goes offline: a login, a logout, a dropped
 * connection, a gateway that stopped announcing itself. The handlers only translate its answers.
 *
 * <p>A session ends only on the connection that holds it: a connection replaced by a newer login
 * (duplicate login) ends nothing, so its late logout or close never takes the user offline.
 */
public class Sessions {

    /** Longest account name a login may carry. */
    static final int MAX_ACCOUNT_LENGTH = 64;
    private static final String OFFLINE = UserStatus.OFFLINE.wire();

    /** What a logout came to: the user, and whether the user went offline (false: the session was elsewhere). */
    public record Logout(User user, boolean wentOffline) {
    }

    /** A session that ended because its gateway is gone, and its user, now offline. */
    public record Ended(Session session, User user) {
    }

    private final LoginService logins;
    private final AccountStore accounts;
    private final SessionStore sessions;
    private final UserDirectory directory;

    public Sessions(LoginService logins, AccountStore accounts, SessionStore sessions, UserDirectory directory) {
        this.logins = logins;
        this.accounts = accounts;
        this.sessions = sessions;
        this.directory = directory;
    }

    /**
     * A login: the account name (trimmed, 1 to 64 characters) and the status asked for (online, away or
     * busy; blank means online) are checked here, anything else is {@link InvalidRequestException}; the
     * credentials and the session are {@link LoginService}'s.
     */
    public Mono<LoginResult> login(String account, String passwordMd5, String requestedStatus, String gatewayId,
                                   String connectionId, long receivedAtMillis) {
        String name = accountName(account);
        UserStatus status = requestedStatus.isBlank() ? UserStatus.ONLINE : UserStatus.selectable(requestedStatus)
                .orElseThrow(() -> new InvalidRequestException("Parameter 'status' must be online, away or busy."));
        return logins.login(name, passwordMd5, status, gatewayId, connectionId, receivedAtMillis);
    }

    /**
     * The account name a login carries, trimmed; {@link InvalidRequestException} unless 1 to 64 characters
     * (every door's login: the WebSocket's and {@code /serverInfo}).
     */
    public static String accountName(String account) {
        String name = account.trim();
        if (name.isEmpty() || name.length() > MAX_ACCOUNT_LENGTH) {
            throw new InvalidRequestException("Parameter 'account' must be 1 to " + MAX_ACCOUNT_LENGTH + " characters.");
        }
        return name;
    }

    /**
     * A logout from this connection: the user goes offline if the connection holds the user's session;
     * otherwise (a newer login replaced it, or it ended already) the user stays as they are.
     */
    public Mono<Logout> logout(long userId, String connectionId) {
        return endOnConnection(userId, connectionId)
                .map(user -> new Logout(user, true))
                .switchIfEmpty(Mono.defer(() -> directory.refresh(userId)
                        .map(account -> new Logout(account.toUser(), false))));
    }

    /** A dropped connection: emits the user, now offline, if it held the session; empty otherwise. */
    public Mono<User> connectionClosed(long userId, String connectionId) {
        return endOnConnection(userId, connectionId);
    }

    /**
     * A gateway is gone: every session still on it ends. A user who meanwhile logged in again through
     * another gateway holds a session there and stays online (not emitted).
     */
    public Flux<Ended> gatewayGone(String gatewayId) {
        return sessions.findByGateway(gatewayId)
                .concatMap(session -> endOnConnection(session.userId(), session.connectionId())
                        .map(user -> new Ended(session, user)));
    }

    /** The gateways that hold any session (each is expected to announce itself). */
    public Flux<String> gatewaysHoldingSessions() {
        return sessions.gatewayIds();
    }

    /**
     * Ends the user's session if this connection holds it. Emits the user, now offline, if the user went
     * offline; empty if the connection held no session of the user (it was replaced, or ended already),
     * or if a new login of the user took a session in the meantime (it stays online).
     */
    private Mono<User> endOnConnection(long userId, String connectionId) {
        return sessions.removeIfConnection(userId, connectionId)
                .filter(Boolean::booleanValue)
                .flatMap(removed -> accounts.markOfflineUnlessInSession(userId).then(directory.refresh(userId)))
                .filter(account -> OFFLINE.equals(account.status()))
                .map(Account::toUser);
    }
}
