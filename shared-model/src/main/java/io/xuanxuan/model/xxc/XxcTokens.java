package io.xuanxuan.model.xxc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 2.x clients' tokens (xxc-2x-dialect.md A.3, A.4): {@code /serverInfo} hands one out per login, and the
 * client uses it as its AES-256 key (exactly 32 ASCII characters), as {@code Authorization} of {@code /upload}.
 *
 * <p>Stateless, so that any gateway and the file service can check a token presence issued without a shared
 * table or a round trip: a token is a 12-character <b>ticket</b> (when it was issued, and 5 random bytes)
 * followed by 20 characters of HMAC-SHA256 over the user id and the ticket, keyed by the deployment's secret
 * ({@code xuanxuan.xxc.secret}). The ticket is public: the socket URL carries it with the user id, and the
 * gateway recomputes the token (the key) from them. Without the secret nobody can compute a token for a user.
 * All characters are base64url ({@code A-Za-z0-9-_}).
 */
public final class XxcTokens {

    public static final int TOKEN_LENGTH = 32;
    public static final int TICKET_LENGTH = 12;
    private static final int MAC_BYTES = 15; // 20 base64url characters
    private static final String ALGORITHM = "HmacSHA256";
    /** The shortest secret accepted from configuration. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** A token handed out, and the ticket (its first 12 characters) the socket URL carries. */
    public record Issued(String ticket, String token) {
    }

    /** One random secret per JVM for a deployment that configured none: every module of one process agrees. */
    private static final class ProcessSecret {
        static final byte[] VALUE = randomBytes(32);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final byte[] secret;
    private final boolean processLocal;

    private XxcTokens(byte[] secret, boolean processLocal) {
        this.secret = secret;
        this.processLocal = processLocal;
    }

    /**
     * Tokens under the configured secret; a blank one means a random secret shared by this JVM only (right for
     * the standalone server; several processes must be given the same secret, or their tokens do not agree).
     *
     * @throws IllegalArgumentException a secret shorter than {@link #MIN_SECRET_LENGTH} characters
     */
    public static XxcTokens of(String configuredSecret) {
        if (configuredSecret == null || configuredSecret.isBlank()) {
            return new XxcTokens(ProcessSecret.VALUE, true);
        }
        if (configuredSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("xuanxuan.xxc.secret must be at least " + MIN_SECRET_LENGTH
                    + " characters long (it keys the 2.x clients' tokens)");
        }
        return new XxcTokens(configuredSecret.getBytes(StandardCharsets.UTF_8), false);
    }

    /** True when no secret was configured: tokens are good in this process only. */
    public boolean processLocal() {
        return processLocal;
    }

    /** A new token for {@code userId}, issued at {@code now}. */
    public Issued issue(long userId, Instant now) {
        ByteBuffer ticket = ByteBuffer.allocate(9);
        ticket.putInt((int) now.getEpochSecond()); // unsigned: good until 2106
        ticket.put(randomBytes(5));
        String ticketText = B64.encodeToString(ticket.array());
        return new Issued(ticketText, ticketText + mac(userId, ticketText));
    }

    /**
     * The token of {@code ticket} for {@code userId}, if the ticket is well formed and was issued within
     * {@code maxAge} before {@code now} (and not in the future, beyond a minute of clock skew).
     */
    public Optional<String> tokenFor(long userId, String ticket, Instant now, Duration maxAge) {
        Optional<Instant> issued = issuedAt(ticket);
        if (issued.isEmpty() || !fresh(issued.get(), now, maxAge)) {
            return Optional.empty();
        }
        return Optional.of(ticket + mac(userId, ticket));
    }

    /** True if {@code token} was issued by this secret for {@code userId} (whatever its age). */
    public boolean verify(long userId, String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return false;
        }
        String ticket = token.substring(0, TICKET_LENGTH);
        if (issuedAt(ticket).isEmpty()) {
            return false;
        }
        byte[] expected = (ticket + mac(userId, ticket)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }

    /** True if {@code token} is valid for {@code userId} and was issued within {@code maxAge} before now. */
    public boolean verify(long userId, String token, Instant now, Duration maxAge) {
        return verify(userId, token) && fresh(issuedAt(token.substring(0, TICKET_LENGTH)).orElseThrow(), now, maxAge);
    }

    /** When a ticket (or a token's first 12 characters) was issued, or empty if it is not a ticket. */
    public static Optional<Instant> issuedAt(String ticket) {
        if (ticket == null || ticket.length() != TICKET_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = B64_DECODER.decode(ticket);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length != 9) {
            return Optional.empty();
        }
        long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(bytes).getInt());
        return Optional.of(Instant.ofEpochSecond(seconds));
    }

    private static boolean fresh(Instant issued, Instant now, Duration maxAge) {
        return !issued.isAfter(now.plusSeconds(60)) && !issued.plus(maxAge).isBefore(now);
    }

    private String mac(long userId, String ticket) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            byte[] digest = mac.doFinal(("xxc-token|" + userId + "|" + ticket).getBytes(StandardCharsets.US_ASCII));
            return B64.encodeToString(java.util.Arrays.copyOf(digest, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
