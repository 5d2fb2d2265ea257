package io.xuanxuan.file.domain;

import io.xuanxuan.file.domain.FileRequestRefusedException.Reason;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.xxc.XxcTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * Who may use the 2.x clients' file endpoints (xxc-2x-dialect.md A.3): an upload carries the user id and the
 * token {@code /serverInfo} gave that user ({@link XxcTokens}), and the user must have a live session; a download
 * link carries the user id and {@code md5(sessionID + fileName)}, where sessionID is the sid of the user's live
 * session or of one that ended within {@code recentSessionAge} (the client keeps its links across reconnects).
 * Membership of the chat is checked by {@link FileService} afterwards, as for every file.
 */
public class XxcFileAccess {

    private final XxcTokens tokens;
    private final FileSessionStore sessions;
    private final Duration recentSessionAge;
    private final Clock clock;

    public XxcFileAccess(XxcTokens tokens, FileSessionStore sessions, Duration recentSessionAge, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.recentSessionAge = recentSessionAge;
        this.clock = clock;
    }

    /**
     * Whether a request's token can be a token at all (32 characters, a ticket): checked before any byte of an
     * upload is read. Whose token it is can only be told once the body's {@code userID} field has arrived.
     */
    public static boolean wellFormedToken(String token) {
        return token != null && token.length() == XxcTokens.TOKEN_LENGTH
                && XxcTokens.issuedAt(token.substring(0, XxcTokens.TICKET_LENGTH)).isPresent();
    }

    public static FileRequestRefusedException missingToken() {
        return new FileRequestRefusedException(Reason.UNAUTHENTICATED, "Send the token /serverInfo gave you as the "
                + "header 'Authorization: <token>' (32 characters, no 'Bearer'): log in again if you have none.");
    }

    /** The uploader: {@code userIdText} if {@code token} is that user's and the user has a live session. */
    public Mono<Long> uploader(String userIdText, String token) {
        Long userId = userId(userIdText);
        if (userId == null) {
            return Mono.error(new FileRequestRefusedException(Reason.BAD_REQUEST,
                    "Say who uploads: send the form field userID with your user id (a number)."));
        }
        if (!tokens.verify(userId, token)) {
            return Mono.error(new FileRequestRefusedException(Reason.UNAUTHENTICATED, "The token in Authorization "
                    + "is not the one given to user " + userId + ": log in again through /serverInfo and send its token."));
        }
        return sessions.isOnline(userId).flatMap(online -> online ? Mono.just(userId)
                : Mono.error(new FileRequestRefusedException(Reason.UNAUTHENTICATED, "User " + userId
                        + " has no open session: log in (connect to the chat server) first, then upload.")));
    }

    /**
     * The user of a download link: {@code userIdText} if {@code signature} is md5(sid + fileName) for the sid of
     * one of that user's live or recent sessions. Every candidate is compared in full (constant time).
     */
    public Mono<Long> downloader(String userIdText, String fileName, String signature) {
        Long userId = userId(userIdText);
        if (userId == null || fileName == null || fileName.isEmpty() || signature == null || signature.isBlank()) {
            return Mono.error(new FileRequestRefusedException(Reason.BAD_REQUEST, "The download link is incomplete: "
                    + "it needs fileName, id, gid (your user id) and sid (md5 of your session id and the file name)."));
        }
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        long since = clock.millis() - recentSessionAge.toMillis();
        return sessions.recentSids(userId, since).collectList()
                .flatMap(sids -> signedByOneOf(sids, fileName, given) ? Mono.just(userId)
                        : Mono.error(new FileRequestRefusedException(Reason.UNAUTHENTICATED, "This download link "
                                + "is not signed by a recent session of user " + userId
                                + ": log in again and open the file from its chat.")));
    }

    /** Whether {@code given} is md5(sid + fileName) for one of the sids; looks at every sid whatever it finds. */
    static boolean signedByOneOf(List<String> sids, String fileName, byte[] given) {
        boolean signed = false;
        for (String sid : sids) {
            signed |= MessageDigest.isEqual(md5Hex(sid + fileName).getBytes(StandardCharsets.US_ASCII), given);
        }
        return signed;
    }

    /** md5 of the UTF-8 bytes, 32 lowercase hex digits: what the client's md5() gives. */
    public static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static Long userId(String text) {
        if (text == null || text.isBlank() || text.trim().length() > 19) {
            return null;
        }
        try {
            long id = Long.parseLong(text.trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
