package io.xuanxuan.model.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Response;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a service publishes for the gateways to write: one frame to the target connections.
 * Exactly one of {@code response} (a response, to one connection), {@code packets} (a push array)
 * or {@code notice} (a single-object push, only the duplicate-login notice) is set.
 *
 * @param bind  on a login response: the session the gateway binds to the connection before writing
 * @param close close the connection after writing (logout, kickoff)
 * @param acknowledge tell the offline service once written ({@link OfflineCommand.Type#ACK})
 */
public record Delivery(int v, String deliveryId, DeliveryTarget target, Response response, List<PushPacket> packets,
                       JsonNode notice, SessionBinding bind, boolean close, boolean acknowledge) {

    public static final int VERSION = 1;

    public Delivery {
        Objects.requireNonNull(target, "target");
        int set = (response != null ? 1 : 0) + (packets != null ? 1 : 0) + (notice != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a delivery carries exactly one of response, packets, notice");
        }
        if (response != null && !target.isConnection()) {
            throw new IllegalArgumentException("a response goes to one connection");
        }
        packets = packets == null ? null : List.copyOf(packets);
        if (acknowledge && (packets == null || !target.isConnection())) {
            throw new IllegalArgumentException("acknowledged deliveries are push packets to one connection");
        }
    }

    public static Delivery response(String connectionId, Response response) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), response, null, null, null,
                false, false);
    }

    public static Delivery push(DeliveryTarget target, List<PushPacket> packets) {
        return new Delivery(VERSION, newId(), target, null, packets, null, null, false, false);
    }

    public static Delivery push(DeliveryTarget target, PushPacket packet) {
        return push(target, List.of(packet));
    }

    public static Delivery noticeAndClose(String connectionId, JsonNode notice) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), null, null, notice, null, true, false);
    }

    public Delivery binding(SessionBinding session) {
        return new Delivery(v, deliveryId, target, response, packets, notice, session, close, acknowledge);
    }

    public Delivery closing() {
        return new Delivery(v, deliveryId, target, response, packets, notice, bind, true, acknowledge);
    }

    /**
     * Queued offline pushes for one connection; each packet's id is its {@code im_usermessage} id. Once
     * the frame is written, the gateway acknowledges the ids so the queue forgets them.
     */
    public static Delivery queued(String connectionId, List<PushPacket> packets) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), null, packets, null, null,
                false, true);
    }

    /** The frame to write: the response object, the push array, or the notice object. */
    @JsonIgnore
    public Object frame() {
        if (response != null) {
            return response;
        }
        return packets != null ? packets : notice;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
