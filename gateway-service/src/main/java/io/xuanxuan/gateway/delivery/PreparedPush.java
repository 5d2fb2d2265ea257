package io.xuanxuan.gateway.delivery;

import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.PushPacket;
import java.util.List;

/**
 * A push delivery made ready once for all its target connections: its packets (numbered), their message
 * marks (or null), and the frame serialized once. Connections that need only part of it (a message they
 * already got) serialize their own; the others share {@link #frame()}.
 */
record PreparedPush(List<PushPacket> packets, List<MessageMark> marks, byte[] frame) {

    static PreparedPush of(List<PushPacket> packets, List<MessageMark> marks) {
        return new PreparedPush(packets, marks, packets.isEmpty() ? null : ProtocolJson.writeBytes(packets));
    }
}
