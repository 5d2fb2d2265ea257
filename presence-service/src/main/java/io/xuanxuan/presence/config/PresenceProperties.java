package io.xuanxuan.presence.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the presence service ({@code xuanxuan.presence.*}); a value out of its range stops the
 * start-up with the property's name and what it must be.
 *
 * @param maxFailedLogins      failed logins in a row that lock an account
 * @param lockDuration         how long a locked account stays locked
 * @param bcryptStrength       bcrypt cost factor for stored passwords (each +1 doubles the work)
 * @param credentialCacheTtl   how long a verified login is remembered (as an HMAC under a key that lives only in
 *                             this process), so the same client logging in again skips bcrypt; 0 turns it off
 * @param credentialCacheSize  most accounts remembered at once by the credential cache
 * @param passwordThreads      password verifications (bcrypt) running at once, on threads of their own; default
 *                             (absent): one per processor (bcrypt is pure CPU)
 * @param passwordQueue        password verifications waiting for a thread; a login beyond them is refused at
 *                             once with "busy, try again in a few seconds" instead of waiting behind a login
 *                             storm (at ~70 ms per verification, cost 10, and 2 threads, 100 waiting is ~3.5 s)
 * @param loginMaxWait         a login that waited longer than this between the gateway and its password check
 *                             (commands are handled one at a time per bus partition, so a storm queues there)
 *                             is refused as busy without any password work
 * @param gatewayTimeout       a gateway not heard from for this long is taken for dead: the users whose sessions
 *                             are on it go offline, and the others get their {@code logout}; several of the
 *                             gateways' heartbeat intervals ({@code xuanxuan.gateway.heartbeat-interval})
 * @param gatewayCheckInterval how often presence looks for gateways that stopped announcing themselves
 * @param maxSettingsLength    largest settings document an account may store, in characters
 * @param maxNameLength        longest real name a user may set
 * @param demoData             seed the demo accounts (admin, demo, alice, bob, carol, dave; password 123456) into
 *                             an empty database
 * @param resetSessionsOnStart mark everyone offline and drop all sessions at start-up: right when this process
 *                             holds every connection (the standalone server), wrong for one presence instance
 *                             among several gateways
 * @param importFile           a CSV file of accounts to create or update at start-up (see README); none if absent
 */
@Validated
@ConfigurationProperties("xuanxuan.presence")
public record PresenceProperties(
        @DefaultValue("5") @Min(1) int maxFailedLogins,
        @DefaultValue("10m") @NotNull Duration lockDuration,
        // BCrypt accepts cost factors 4 to 31
        @DefaultValue("10") @Min(4) @Max(31) int bcryptStrength,
        @DefaultValue("12h") @NotNull Duration credentialCacheTtl,
        @DefaultValue("200000") @Min(0) int credentialCacheSize,
        @Min(1) Integer passwordThreads,
        @DefaultValue("100") @Min(0) int passwordQueue,
        @DefaultValue("10s") @NotNull Duration loginMaxWait,
        @DefaultValue("30s") @NotNull Duration gatewayTimeout,
        @DefaultValue("5s") @NotNull Duration gatewayCheckInterval,
        @DefaultValue("16000") @Min(2) int maxSettingsLength,
        @DefaultValue("100") @Min(1) int maxNameLength,
        @DefaultValue("true") boolean demoData,
        @DefaultValue("false") boolean resetSessionsOnStart,
        Path importFile) {

    public PresenceProperties {
        if (passwordThreads == null) {
            passwordThreads = Runtime.getRuntime().availableProcessors();
        }
    }

    /** Every setting at its default: what a test or a tool without configuration gets. */
    public static PresenceProperties defaults() {
        // bound from no source at all, so the defaults above are the only ones
        return new Binder().bindOrCreate("xuanxuan.presence", PresenceProperties.class);
    }
}
