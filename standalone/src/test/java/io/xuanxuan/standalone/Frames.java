package io.xuanxuan.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading what the server sent. */
final class Frames {

    private Frames() {
    }

    static String statusOf(JsonNode users, String account) {
        for (JsonNode user : users) {
            if (account.equals(user.path("account").asText())) {
                return user.path("status").asText();
            }
        }
        throw new AssertionError(account + " not in " + users);
    }

    /**
     * "response:method" for each response and "push:method" for each packet of a push frame, in the order
     * received (a frame carrying several pushes gives one entry per packet, in the frame's order), so an
     * order check compares packets, not frames.
     */
    static List<String> frameKinds(List<String> rawFrames) {
        List<String> kinds = new ArrayList<>();
        for (String raw : rawFrames) {
            JsonNode frame = parse(raw);
            if (frame.isArray()) {
                for (JsonNode packet : frame) {
                    kinds.add("push:" + packet.path("method").asText());
                }
            } else {
                kinds.add("response:" + frame.path("method").asText());
            }
        }
        return kinds;
    }

    private static JsonNode parse(String raw) {
        try {
            return io.xuanxuan.model.json.ProtocolJson.mapper().readTree(raw);
        } catch (Exception e) {
            throw new AssertionError(raw, e);
        }
    }
}
