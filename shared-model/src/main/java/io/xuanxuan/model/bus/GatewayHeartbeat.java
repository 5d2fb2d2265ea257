package io.xuanxuan.model.bus;

import java.util.Objects;

/**
 * A gateway's sign of life, on {@link Topics#GATEWAYS} keyed by gateway id. Every gateway publishes
 * {@link State#ALIVE} at a fixed interval while it runs, and {@link State#STOPPING} when it shuts down
 * normally. Presence keeps the gateways it has heard from; the users whose sessions sit on a gateway
 * that stopped, or that has not been heard from within presence's timeout (it died without closing its
 * connections), go offline.
 *
 * @param v          contract version
 * @param gatewayId  the gateway's id (the {@code gatewayId} of its commands and sessions)
 * @param instanceId one run of the gateway (a restart under the same id gets a new one)
 * @param state      alive, or stopping
 * @param interval   milliseconds until the next heartbeat of this gateway, at the latest
 * @param at         epoch milliseconds at the gateway when it was sent
 */
public record GatewayHeartbeat(int v, String gatewayId, String instanceId, State state, long interval, long at) {

    public static final int VERSION = 1;

    public enum State { ALIVE, STOPPING }

    public GatewayHeartbeat {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(state, "state");
    }

    public static GatewayHeartbeat alive(String gatewayId, String instanceId, long intervalMillis, long at) {
        return new GatewayHeartbeat(VERSION, gatewayId, instanceId, State.ALIVE, intervalMillis, at);
    }

    public static GatewayHeartbeat stopping(String gatewayId, String instanceId, long at) {
        return new GatewayHeartbeat(VERSION, gatewayId, instanceId, State.STOPPING, 0, at);
    }
}
