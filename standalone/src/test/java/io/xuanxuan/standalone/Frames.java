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

    /** "response:method" or "push:method" for each frame, in the order received. */
    static List<String> frameKinds(List<String> rawFrames) {
        List<String> kinds = new ArrayList<>();
        for (String raw : rawFrames) {
            JsonNode frame = io.xuanxuan.model.json.ProtocolJson.mapper().valueToTree(parse(raw));
            if (frame.isArray()) {
                kinds.add("push:" + frame.get(0).path("method").asText());
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
