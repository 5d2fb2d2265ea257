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
 * <p>When no gateway at all has been heard from for the timeout, the bus (a broker outage, this
 * consumer stalled) is the likelier cause than every gateway dying at once: nobody is taken offline
 * then, and when heartbeats come back every known gateway gets a full timeout again.
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
    /** When any gateway was last heard from (at first: when this started). */
    private volatile long lastAnyHeard;

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
        this.lastAnyHeard = nanoTime.getAsLong();
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
        long now = nanoTime.getAsLong();
        if (now - lastAnyHeard > timeoutNanos) {
            // the first heartbeat after a silence of the whole bus: nobody could be heard, so every
            // gateway gets a full timeout from now
            lastHeard.replaceAll((id, heard) -> now);
        }
        lastAnyHeard = now;
        lastHeard.put(heartbeat.gatewayId(), now);
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

    /**
     * The gateways not heard from within the timeout; they are forgotten (and reported once). None while
     * no gateway at all is heard from.
     */
    public List<String> expired() {
        long now = nanoTime.getAsLong();
        List<String> gone = new ArrayList<>();
        if (now - lastAnyHeard > timeoutNanos) {
            return gone;
        }
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
