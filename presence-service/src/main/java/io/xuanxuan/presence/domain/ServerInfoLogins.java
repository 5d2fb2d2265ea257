package io.xuanxuan.presence.domain;

import io.xuanxuan.model.xxc.ServerInfo;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import java.net.URI;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * The 2.x clients' login over HTTP ({@code POST /serverInfo}, xxc-2x-dialect.md A.3): the credentials are
 * checked exactly as a WebSocket login checks them ({@link LoginService#verify}: one lockout, bcrypt on the
 * password threads), but no session is opened and no status changes; that is the WebSocket login's, which the
 * client sends next on the socket URL handed out here. A success carries a new token (the AES key of that
 * socket) for every request.
 */
public class ServerInfoLogins {

    /** What a {@code /serverInfo} login came to. */
    public sealed interface Result {
        /** The credentials passed: what the client is told. */
        record Issued(long userId, ServerInfo info) implements Result {
        }

        /** Refused as a login would be (wrong credentials, locked, busy). */
        record Refused(LoginResult.Failure failure) implements Result {
        }
    }

    private final LoginService logins;
    private final XxcTokens tokens;
    private final long uploadFileSize;
    private final Clock clock;
    private final LoginMetrics metrics;

    /**
     * @param uploadFileSize what the client is told it may upload, in bytes (0 turns its file features off)
     * @param metrics        {@code xuanxuan.serverinfo.logins}
     */
    public ServerInfoLogins(LoginService logins, XxcTokens tokens, long uploadFileSize, Clock clock,
                            LoginMetrics metrics) {
        this.logins = logins;
        this.tokens = tokens;
        this.uploadFileSize = uploadFileSize;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param account    the account as the client typed it (checked as a login's: 1 to 64 characters)
     * @param password   md5 hex of the password (or the plain password of an LDAP login, as the client sends it)
     * @param socketBase the encrypted WebSocket's URL as this client reaches it, without the login's parameters
     *                   ({@code ws[s]://host[:port]/path}); {@code chatPort} is its port
     */
    public Mono<Result> login(String account, String password, URI socketBase) {
        String name = Sessions.accountName(account);
        return logins.verify(name, password, System.currentTimeMillis()).map(check -> {
            if (check instanceof CredentialCheck.Passed passed) {
                long userId = passed.account().id();
                // the clock of the rest of presence (the gateway checks the ticket's age against its own)
                XxcTokens.Issued issued = tokens.issue(userId, clock.instant());
                metrics.succeeded();
                return new Result.Issued(userId, new ServerInfo(ServerInfo.VERSION, issued.token(), uploadFileSize,
                        portOf(socketBase), XxcDoor.socketUrl(socketBase.toString(), userId, issued.ticket()),
                        null, null));
            }
            LoginResult.Failure failure = ((CredentialCheck.Refused) check).failure();
            metrics.failed(failure.reason());
            return new Result.Refused(failure);
        });
    }

    /** The port of a ws/wss URL: its own, else the scheme's default (the client needs a number). */
    static int portOf(URI socketBase) {
        if (socketBase.getPort() > 0) {
            return socketBase.getPort();
        }
        return "wss".equalsIgnoreCase(socketBase.getScheme()) ? 443 : 80;
    }
}
