package io.xuanxuan.presence.domain;

import io.xuanxuan.model.objects.UserStatus;
import io.xuanxuan.presence.config.PresenceProperties;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import reactor.core.publisher.Mono;

/**
 * Verifies credentials ({@link #verify}: the lockout, five failures lock an account for ten minutes; legacy
 * hashes upgraded), and at a login replaces the user's session.
 */
public class LoginService {

    static final String WRONG_CREDENTIALS = "Wrong account or password.";
    public static final String BUSY = "The server is busy with many logins right now; try again in a few seconds.";

    private final AccountStore accounts;
    private final UserDirectory directory;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final PasswordWork work;
    private final VerifiedCredentials verified;
    private final PresenceProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LoginService(AccountStore accounts, UserDirectory directory, SessionStore sessions, PasswordHasher hasher,
                        PasswordWork work, VerifiedCredentials verified, PresenceProperties properties, Clock clock) {
        this.work = work;
        this.accounts = accounts;
        this.directory = directory;
        this.sessions = sessions;
        this.hasher = hasher;
        this.verified = verified;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<LoginResult> login(String account, String passwordMd5, UserStatus status, String gatewayId,
                                   String connectionId) {
        return login(account, passwordMd5, status, gatewayId, connectionId, System.currentTimeMillis());
    }

    /**
     * Checks the credentials ({@link #verify}) and, if they pass, replaces the user's session.
     *
     * @param receivedAtMillis when the gateway received the login (epoch milliseconds, its clock): a login
     *                         that already waited longer than {@code login-max-wait} on the bus is refused
     *                         as busy before any password work
     */
    public Mono<LoginResult> login(String account, String passwordMd5, UserStatus status, String gatewayId,
                                   String connectionId, long receivedAtMillis) {
        return verify(account, passwordMd5, receivedAtMillis).flatMap(check ->
                check instanceof CredentialCheck.Passed passed
                        ? openSession(passed.account(), status, gatewayId, connectionId)
                        : Mono.just(((CredentialCheck.Refused) check).failure()));
    }

    /**
     * Checks an account's credentials as a login does, without opening a session or changing the user's
     * status: the lockout (a failure counts towards it, a match clears it), the credential cache, bcrypt on
     * the bounded password threads (busy beyond them), the upgrade of a legacy hash. The WebSocket login and
     * {@code /serverInfo} both go through here, so they share one lockout.
     *
     * @param receivedAtMillis when the request was received (epoch milliseconds): one that waited longer than
     *                         {@code login-max-wait} is refused as busy before any password work
     */
    public Mono<CredentialCheck> verify(String account, String passwordMd5, long receivedAtMillis) {
        return accounts.findByAccount(account)
                .flatMap(found -> check(found, passwordMd5, receivedAtMillis))
                .defaultIfEmpty(refused(WRONG_CREDENTIALS, LoginResult.Reason.WRONG_CREDENTIALS));
    }

    private Mono<CredentialCheck> check(Account account, String passwordMd5, long receivedAtMillis) {
        long now = clock.instant().getEpochSecond();
        if (account.lockedAt(now)) {
            long minutes = Math.max(1, (account.lockedUntil() - now + 59) / 60);
            return Mono.just(refused("This account is locked after too many failed logins; "
                    + "try again in " + minutes + " minute" + (minutes == 1 ? "" : "s") + " or ask an administrator.",
                    LoginResult.Reason.LOCKED));
        }
        if (verified.confirms(account.id(), passwordMd5, account.passwordHash())) {
            return passed(account, passwordMd5, PasswordHasher.Verdict.MATCH);
        }
        // a service's commands are handled one at a time per partition, so in a storm logins queue on the
        // bus before they reach the password threads: one that waited there too long is refused at once,
        // which drains the backlog quickly and keeps a newcomer's answer within about the max wait
        // (wall clocks of gateway and presence, as everywhere, are assumed synchronized)
        if (System.currentTimeMillis() - receivedAtMillis > properties.loginMaxWait().toMillis()) {
            work.refusedStale();
            return Mono.just(refused(BUSY, LoginResult.Reason.BUSY));
        }
        // bcrypt is deliberately slow: it runs on the bounded password threads, and a login beyond their
        // queue is refused at once (the client retries) rather than waiting behind a storm
        return work.run(() -> hasher.verify(passwordMd5, account.account(), account.passwordHash()))
                .flatMap(verdict -> {
                    if (verdict == PasswordHasher.Verdict.NO_MATCH) {
                        return fail(account, now);
                    }
                    if (verdict == PasswordHasher.Verdict.MATCH) {
                        verified.remember(account.id(), passwordMd5, account.passwordHash());
                    }
                    return passed(account, passwordMd5, verdict);
                })
                .onErrorResume(PasswordWork.Busy.class,
                        busy -> Mono.just(refused(BUSY, LoginResult.Reason.BUSY)));
    }

    private static CredentialCheck refused(String message, LoginResult.Reason reason) {
        return new CredentialCheck.Refused(new LoginResult.Failure(message, reason));
    }

    private Mono<CredentialCheck> fail(Account account, long now) {
        int failures = account.failedLogins() + 1;
        if (failures >= properties.maxFailedLogins()) {
            long lockedUntil = now + properties.lockDuration().toSeconds();
            long minutes = Math.max(1, properties.lockDuration().toMinutes());
            return accounts.recordFailure(account.id(), 0, lockedUntil)
                    .thenReturn(refused(WRONG_CREDENTIALS + " Too many failed logins: the account is "
                            + "locked for " + minutes + " minutes.", LoginResult.Reason.WRONG_CREDENTIALS));
        }
        return accounts.recordFailure(account.id(), failures, 0)
                .thenReturn(refused(WRONG_CREDENTIALS, LoginResult.Reason.WRONG_CREDENTIALS));
    }

    /** A match: a legacy hash is replaced by bcrypt, and the failures counted so far are cleared. */
    private Mono<CredentialCheck> passed(Account account, String passwordMd5, PasswordHasher.Verdict verdict) {
        Mono<Void> upgrade = verdict == PasswordHasher.Verdict.MATCH_LEGACY
                ? work.run(() -> hasher.hash(passwordMd5))
                        .flatMap(hash -> accounts.updatePassword(account.id(), hash))
                        // too busy to re-hash now: the legacy hash is upgraded at a later login
                        .onErrorResume(PasswordWork.Busy.class, busy -> Mono.empty())
                : Mono.empty();
        Mono<Void> clear = account.failedLogins() > 0 ? accounts.clearFailures(account.id()) : Mono.empty();
        return upgrade.then(clear).thenReturn(new CredentialCheck.Passed(account));
    }

    private Mono<LoginResult> openSession(Account account, UserStatus status, String gatewayId, String connectionId) {
        long now = clock.instant().getEpochSecond();
        Session session = new Session(account.id(), newSid(), gatewayId, connectionId, now);
        // the session is stored before the status: a concurrent end of the previous session then sees
        // this one and leaves the user online (Sessions)
        return sessions.find(account.id()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(previous -> sessions.replace(session)
                        .then(accounts.recordSuccess(account.id(), status.wire()))
                        .then(directory.refresh(account.id()))
                        .thenReturn(new LoginResult.Success(
                                withStatus(account, status),
                                session,
                                previous.filter(p -> !p.connectionId().equals(connectionId)).orElse(null))));
    }

    private static Account withStatus(Account a, UserStatus status) {
        return new Account(a.id(), a.account(), a.passwordHash(), a.realname(), a.avatar(), a.role(), a.dept(),
                status.wire(), a.admin(), a.gender(), a.email(), a.mobile(), a.phone(), a.site(), 0, 0, a.deleted());
    }

    private String newSid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
