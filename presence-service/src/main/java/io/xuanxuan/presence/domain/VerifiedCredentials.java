package io.xuanxuan.presence.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a while, that a client password matched an account's stored bcrypt hash, so that the same
 * client logging in again (a reconnect, a login storm after a network or gateway failure) is confirmed
 * with one HMAC instead of a bcrypt verification (~70 ms of CPU at cost 10).
 *
 * <p>What is kept is HMAC-SHA256(key, password md5 + stored hash) under a random key that lives only in
 * this process: never the password, and a changed password (a new stored hash) no longer matches. Only
 * matches are remembered; wrong passwords always take the full bcrypt cost and count towards the lockout.
 * A zero time-to-live turns it off. Bounded in size and time by Caffeine: past the bound, the entries
 * least likely to be used again go first.
 */
public class VerifiedCredentials {

    /** Account id to the HMAC of its verified credentials; null when the cache is off. */
    private final Cache<Long, byte[]> entries;
    private final SecretKeySpec key;

    public VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.entries = ttl.isZero() || ttl.isNegative() ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                // the injected clock, so expiry follows the same time as the rest of presence (and tests)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // evictions on the calling thread: the cache is small work, and size() is then exact
                .executor(Runnable::run)
                .build();
    }

    /** True if this account's current stored hash was verified against this password within the TTL. */
    public boolean confirms(long accountId, String passwordMd5, String storedHash) {
        if (entries == null || passwordMd5 == null || storedHash == null) {
            return false;
        }
        byte[] known = entries.getIfPresent(accountId);
        return known != null && MessageDigest.isEqual(known, mac(passwordMd5, storedHash));
    }

    /** Remembers a successful verification (replacing what was known of the account). */
    public void remember(long accountId, String passwordMd5, String storedHash) {
        if (entries == null || passwordMd5 == null || storedHash == null) {
            return;
        }
        entries.put(accountId, mac(passwordMd5, storedHash));
    }

    /** Forgets an account (its password or state changed). */
    public void forget(long accountId) {
        if (entries != null) {
            entries.invalidate(accountId);
        }
    }

    long size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private byte[] mac(String passwordMd5, String storedHash) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(PasswordHasher.normalize(passwordMd5).getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(storedHash.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
