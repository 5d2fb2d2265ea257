package io.xuanxuan.presence.domain;

import io.xuanxuan.model.bus.GatewayHeartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which gateways are alive, as far as their heartbeats tell. A gateway counts as gone when it said it
 * is stopping, or when nothing was heard from it for the timeout (several heartbeat intervals).
 *
 * <p>Times are this process's monotonic clock at the moment a heartbeat was handled, never the
 * gateway's clock (clocks of machines differ); the gateway's send time only serves to skip heartbeats
 * older than the timeout, which a new consumer reading the topic from its start replays.
 */
public class GatewayLiveness {

    private final long timeoutNanos;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

    public GatewayLiveness(Duration timeout) {
        this(timeout, System::nanoTime, System::currentTimeMillis);
    }

    /** With the clocks given (tests move them). */
    public GatewayLiveness(Duration timeout, LongSupplier nanoTime, LongSupplier wallMillis) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the gateway timeout must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
    }

    /**
     * Takes a heartbeat into account. Returns true if it says the gateway is stopping: its sessions are
     * over now.
     */
    public boolean heard(GatewayHeartbeat heartbeat) {
        if (heartbeat.state() == GatewayHeartbeat.State.STOPPING) {
            lastHeard.remove(heartbeat.gatewayId());
            return true;
        }
        if (wallMillis.getAsLong() - heartbeat.at() > timeoutNanos / 1_000_000) {
            // an old record (a replay): it says nothing about now
            return false;
        }
        lastHeard.put(heartbeat.gatewayId(), nanoTime.getAsLong());
        return false;
    }

    /**
     * Gateways that hold sessions: one never heard from (this process just started, or the gateway died
     * before its first heartbeat reached us) gets the full timeout from now to announce itself.
     */
    public void holdingSessions(Collection<String> gatewayIds) {
        long now = nanoTime.getAsLong();
        gatewayIds.forEach(id -> lastHeard.putIfAbsent(id, now));
    }

    /** The gateways not heard from within the timeout; they are forgotten (and reported once). */
    public List<String> expired() {
        long now = nanoTime.getAsLong();
        List<String> gone = new ArrayList<>();
        lastHeard.forEach((id, heard) -> {
            if (now - heard > timeoutNanos && lastHeard.remove(id, heard)) {
                gone.add(id);
            }
        });
        return gone;
    }

    public boolean isAlive(String gatewayId) {
        return lastHeard.containsKey(gatewayId);
    }
}
