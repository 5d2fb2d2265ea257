package io.xuanxuan.offline.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.protocol.PushPacket;

/** One row of the offline queue. */
public record QueuedPush(long id, int level, long userId, String module, String method, JsonNode data) {

    /** Messages come after the login pushes (levels 0 and 1), as the document orders them. */
    public static final int LEVEL_MESSAGE = 3;

    public PushPacket toPacket() {
        return new PushPacket(id, module, method, data);
    }
}
