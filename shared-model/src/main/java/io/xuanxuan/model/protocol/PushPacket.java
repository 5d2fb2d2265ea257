package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;

/**
 * One packet of a server push {@code [{id, module, method, data}, ...]}. {@code id} is the
 * {@code im_usermessage} id for queued offline pushes; the gateway numbers live pushes that have none.
 */
@JsonPropertyOrder({"id", "module", "method", "data"})
public record PushPacket(Long id, String module, String method, JsonNode data) {

    public static PushPacket of(String method, Object data) {
        return new PushPacket(null, Methods.MODULE_CHAT, method, ProtocolJson.toTree(data));
    }

    public PushPacket withId(long newId) {
        return new PushPacket(newId, module, method, data);
    }
}
