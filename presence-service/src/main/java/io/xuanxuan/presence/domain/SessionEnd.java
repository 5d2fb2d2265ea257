package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import reactor.core.publisher.Mono;

/**
 * The one place where a user goes offline: a logout, a dropped connection, a gateway that stopped
 * announcing itself. A session ends only on the connection that holds it: a connection replaced by a
 * newer login (duplicate login) ends nothing, so its late logout or close never takes the user offline.
 */
public class SessionEnd {

    private static final String OFFLINE = UserStatus.OFFLINE.wire();

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final UserDirectory directory;

    public SessionEnd(AccountStore accounts, SessionStore sessions, UserDirectory directory) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.directory = directory;
    }

    /**
     * Ends the user's session if this connection holds it. Emits the user, now offline, if the user went
     * offline; empty if the connection held no session of the user (it was replaced, or ended already),
     * or if a new login of the user took a session in the meantime (it stays online).
     */
    public Mono<User> ofConnection(long userId, String connectionId) {
        return sessions.removeIfConnection(userId, connectionId)
                .filter(Boolean::booleanValue)
                .flatMap(removed -> accounts.markOfflineUnlessInSession(userId).then(directory.refresh(userId)))
                .filter(account -> OFFLINE.equals(account.status()))
                .map(Account::toUser);
    }
}
