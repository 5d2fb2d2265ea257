package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;

/**
 * Turns one text frame into a {@link Request}, or into the sentence that tells the client what is
 * wrong with it. Never throws for client input.
 */
public final class RequestParser {

    static final int MAX_NAME_LENGTH = 64;

    private RequestParser() {
    }

    /** The outcome of parsing: either a request, or an error with whatever module/method could be read. */
    public record Parsed(Request request, String module, String method, String error) {
        public boolean ok() {
            return request != null;
        }
    }

    public static Parsed parse(String frame) {
        JsonNode root;
        try {
            root = ProtocolJson.mapper().readTree(frame);
        } catch (JsonProcessingException e) {
            return error(null, null, "Malformed JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            return error(null, null, "Malformed JSON.");
        }
        if (root == null || root.isMissingNode()) {
            return error(null, null, "Empty frame: send a JSON object {module, method, params, sid}.");
        }
        if (!root.isObject()) {
            return error(null, null, "A request must be a JSON object {module, method, params, sid}, not "
                    + describe(root) + ".");
        }
        String module = textField(root, "module");
        String method = textField(root, "method");
        if (module == null || module.isBlank()) {
            return error(null, method, "Field 'module' is required and must be a non-empty string.");
        }
        if (method == null || method.isBlank()) {
            return error(module, null, "Field 'method' is required and must be a non-empty string.");
        }
        if (module.length() > MAX_NAME_LENGTH || method.length() > MAX_NAME_LENGTH) {
            return error(null, null, "Fields 'module' and 'method' must be at most " + MAX_NAME_LENGTH + " characters.");
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isNull() && !params.isObject() && !params.isArray()) {
            return error(module, method, "Field 'params' must be an object or an array, not " + describe(params) + ".");
        }
        JsonNode sidNode = root.get("sid");
        String sid = null;
        if (sidNode != null && !sidNode.isNull()) {
            if (!sidNode.isTextual()) {
                return error(module, method, "Field 'sid' must be a string.");
            }
            sid = sidNode.textValue().isEmpty() ? null : sidNode.textValue();
        }
        JsonNode data = root.get("data");
        return new Parsed(new Request(module, method,
                params == null || params.isNull() ? null : params, sid,
                data == null || data.isNull() ? null : data), module, method, null);
    }

    private static String textField(JsonNode root, String name) {
        JsonNode value = root.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Parsed error(String module, String method, String message) {
        return new Parsed(null, module, method, message);
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }
}
