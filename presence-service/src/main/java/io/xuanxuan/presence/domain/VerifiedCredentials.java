package io.xuanxuan.presence.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * A zero time-to-live turns it off.
 */
public class VerifiedCredentials {

    private record Entry(byte[] mac, long verifiedAtMillis) {
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;

    public VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** True if this account's current stored hash was verified against this password within the TTL. */
    public boolean confirms(long accountId, String passwordMd5, String storedHash) {
        if (ttlMillis <= 0 || passwordMd5 == null || storedHash == null) {
            return false;
        }
        Entry entry = entries.get(accountId);
        if (entry == null) {
            return false;
        }
        if (clock.millis() - entry.verifiedAtMillis() > ttlMillis) {
            entries.remove(accountId, entry);
            return false;
        }
        return MessageDigest.isEqual(entry.mac(), mac(passwordMd5, storedHash));
    }

    /** Remembers a successful verification (replacing what was known of the account). */
    public void remember(long accountId, String passwordMd5, String storedHash) {
        if (ttlMillis <= 0 || passwordMd5 == null || storedHash == null) {
            return;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(accountId)) {
            evictExpired();
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(accountId, new Entry(mac(passwordMd5, storedHash), clock.millis()));
    }

    /** Forgets an account (its password or state changed). */
    public void forget(long accountId) {
        entries.remove(accountId);
    }

    int size() {
        return entries.size();
    }

    private void evictExpired() {
        long now = clock.millis();
        entries.values().removeIf(entry -> now - entry.verifiedAtMillis() > ttlMillis);
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
