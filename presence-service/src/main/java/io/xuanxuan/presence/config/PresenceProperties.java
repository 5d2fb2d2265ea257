package io.xuanxuan.presence.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the presence service ({@code xuanxuan.presence.*}). */
@ConfigurationProperties("xuanxuan.presence")
public class PresenceProperties {

    /** Failed logins in a row that lock an account. */
    private int maxFailedLogins = 5;
    /** How long a locked account stays locked. */
    private Duration lockDuration = Duration.ofMinutes(10);
    /** bcrypt cost factor for stored passwords (each +1 doubles the work). */
    private int bcryptStrength = 10;
    /**
     * How long a verified login is remembered (as an HMAC under a key that lives only in this process), so
     * the same client logging in again skips bcrypt. 0 turns it off.
     */
    private Duration credentialCacheTtl = Duration.ofHours(12);
    /** Most accounts remembered at once by the credential cache. */
    private int credentialCacheSize = 200_000;
    /**
     * Password verifications (bcrypt) running at once, on threads of their own. Default: one per
     * processor (bcrypt is pure CPU).
     */
    private int passwordThreads = Runtime.getRuntime().availableProcessors();
    /**
     * Password verifications waiting for a thread; a login beyond them is refused at once with "busy,
     * try again in a few seconds" instead of waiting behind a login storm. At ~70 ms per verification
     * (cost 10) and 2 threads, 100 waiting is about 3.5 s.
     */
    private int passwordQueue = 100;
    /**
     * A login that waited longer than this between the gateway and its password check (commands are
     * handled one at a time per bus partition, so a storm queues there) is refused as busy without any
     * password work.
     */
    private Duration loginMaxWait = Duration.ofSeconds(10);
    /**
     * A gateway not heard from for this long is taken for dead: the users whose sessions are on it go
     * offline, and the others get their {@code logout}. Several of the gateways' heartbeat intervals
     * ({@code xuanxuan.gateway.heartbeat-interval}).
     */
    private Duration gatewayTimeout = Duration.ofSeconds(30);
    /** How often presence looks for gateways that stopped announcing themselves. */
    private Duration gatewayCheckInterval = Duration.ofSeconds(5);
    /** Largest settings document an account may store, in characters. */
    private int maxSettingsLength = 16000;
    /** Longest real name a user may set. */
    private int maxNameLength = 100;
    /** Seed the demo accounts (admin, demo, alice, bob, carol, dave; password 123456) into an empty database. */
    private boolean demoData = true;
    /**
     * Mark everyone offline and drop all sessions at start-up. Right when this process holds every
     * connection (the standalone server); wrong for one presence instance among several gateways.
     */
    private boolean resetSessionsOnStart = false;
    /** A CSV file of accounts to create or update at start-up (see README). */
    private Path importFile;

    public int getMaxFailedLogins() {
        return maxFailedLogins;
    }

    public void setMaxFailedLogins(int maxFailedLogins) {
        this.maxFailedLogins = maxFailedLogins;
    }

    public Duration getLockDuration() {
        return lockDuration;
    }

    public void setLockDuration(Duration lockDuration) {
        this.lockDuration = lockDuration;
    }

    public int getBcryptStrength() {
        return bcryptStrength;
    }

    public void setBcryptStrength(int bcryptStrength) {
        this.bcryptStrength = bcryptStrength;
    }

    public Duration getCredentialCacheTtl() {
        return credentialCacheTtl;
    }

    public void setCredentialCacheTtl(Duration credentialCacheTtl) {
        this.credentialCacheTtl = credentialCacheTtl;
    }

    public int getCredentialCacheSize() {
        return credentialCacheSize;
    }

    public void setCredentialCacheSize(int credentialCacheSize) {
        this.credentialCacheSize = credentialCacheSize;
    }

    public int getPasswordThreads() {
        return passwordThreads;
    }

    public void setPasswordThreads(int passwordThreads) {
        this.passwordThreads = passwordThreads;
    }

    public Duration getLoginMaxWait() {
        return loginMaxWait;
    }

    public void setLoginMaxWait(Duration loginMaxWait) {
        this.loginMaxWait = loginMaxWait;
    }

    public int getPasswordQueue() {
        return passwordQueue;
    }

    public void setPasswordQueue(int passwordQueue) {
        this.passwordQueue = passwordQueue;
    }

    public Duration getGatewayTimeout() {
        return gatewayTimeout;
    }

    public void setGatewayTimeout(Duration gatewayTimeout) {
        this.gatewayTimeout = gatewayTimeout;
    }

    public Duration getGatewayCheckInterval() {
        return gatewayCheckInterval;
    }

    public void setGatewayCheckInterval(Duration gatewayCheckInterval) {
        this.gatewayCheckInterval = gatewayCheckInterval;
    }

    public int getMaxSettingsLength() {
        return maxSettingsLength;
    }

    public void setMaxSettingsLength(int maxSettingsLength) {
        this.maxSettingsLength = maxSettingsLength;
    }

    public int getMaxNameLength() {
        return maxNameLength;
    }

    public void setMaxNameLength(int maxNameLength) {
        this.maxNameLength = maxNameLength;
    }

    public boolean isDemoData() {
        return demoData;
    }

    public void setDemoData(boolean demoData) {
        this.demoData = demoData;
    }

    public boolean isResetSessionsOnStart() {
        return resetSessionsOnStart;
    }

    public void setResetSessionsOnStart(boolean resetSessionsOnStart) {
        this.resetSessionsOnStart = resetSessionsOnStart;
    }

    public Path getImportFile() {
        return importFile;
    }

    public void setImportFile(Path importFile) {
        this.importFile = importFile;
    }
}
