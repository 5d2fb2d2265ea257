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
 * @param marks for {@code message} pushes: one {@link MessageMark} per packet (chat and seqs), which
 *              the client does not see; null for other pushes
 * @param syncStart on a connection's {@code getList} push: once it is written, the gateway asks for the
 *              connection's login sync ({@link SyncRequest}) and holds the connection's live message
 *              pushes until the sync ended
 * @param syncEnd the last delivery of a login sync; its packets may be empty
 */
public record Delivery(int v, String deliveryId, DeliveryTarget target, Response response, List<PushPacket> packets,
                       JsonNode notice, SessionBinding bind, boolean close, boolean acknowledge,
                       List<MessageMark> marks, boolean syncStart, boolean syncEnd) {

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
        if (marks != null) {
            if (packets == null || marks.size() != packets.size()) {
                throw new IllegalArgumentException("a delivery has one message mark per push packet");
            }
            marks = List.copyOf(marks);
        }
        if (packets != null && packets.isEmpty() && !syncEnd) {
            throw new IllegalArgumentException("only the end of a login sync may carry no packets");
        }
        if ((syncStart || syncEnd) && (packets == null || !target.isConnection())) {
            throw new IllegalArgumentException("login sync marks are on push packets to one connection");
        }
    }

    public static Delivery response(String connectionId, Response response) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), response, null, null, null,
                false, false, null, false, false);
    }

    public static Delivery push(DeliveryTarget target, List<PushPacket> packets) {
        return new Delivery(VERSION, newId(), target, null, packets, null, null, false, false, null, false, false);
    }

    public static Delivery push(DeliveryTarget target, PushPacket packet) {
        return push(target, List.of(packet));
    }

    /**
     * The live fan-out of stored messages (DESIGN.md section 4): one delivery for all the users, whatever
     * their number; every gateway writes it to the connections it holds of them.
     */
    public static Delivery messages(DeliveryTarget target, PushPacket packet, MessageMark mark) {
        return new Delivery(VERSION, newId(), target, null, List.of(packet), null, null, false, false,
                List.of(mark), false, false);
    }

    /** A page of a connection's login sync: {@code message} packets, one mark each; {@code end} on the last. */
    public static Delivery synced(String connectionId, List<PushPacket> packets, List<MessageMark> marks,
                                  boolean end) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), null, packets, null, null,
                false, false, marks, false, end);
    }

    public static Delivery noticeAndClose(String connectionId, JsonNode notice) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), null, null, notice, null, true,
                false, null, false, false);
    }

    public Delivery binding(SessionBinding session) {
        return new Delivery(v, deliveryId, target, response, packets, notice, session, close, acknowledge, marks,
                syncStart, syncEnd);
    }

    public Delivery closing() {
        return new Delivery(v, deliveryId, target, response, packets, notice, bind, true, acknowledge, marks,
                syncStart, syncEnd);
    }

    /** This push (a connection's {@code getList}) starts the connection's login sync once written. */
    public Delivery startingSync() {
        return new Delivery(v, deliveryId, target, response, packets, notice, bind, close, acknowledge, marks,
                true, syncEnd);
    }

    /**
     * Queued offline pushes for one connection; each packet's id is its {@code im_usermessage} id. Once
     * the frame is written, the gateway acknowledges the ids so the queue forgets them.
     */
    public static Delivery queued(String connectionId, List<PushPacket> packets) {
        return new Delivery(VERSION, newId(), DeliveryTarget.connection(connectionId), null, packets, null, null,
                false, true, null, false, false);
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
