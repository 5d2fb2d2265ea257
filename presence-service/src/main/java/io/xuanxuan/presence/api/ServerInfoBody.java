package io.xuanxuan.presence.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code POST /serverInfo} as the 2.x client sends it (xxc-2x-dialect.md A.3): {@code data=} followed
 * by the login request as raw JSON, NOT URL-encoded, under a form content type. A form parser would turn a
 * {@code +} of the account or of an LDAP plain password into a space and stop at a {@code &} (xxd's bug), so the
 * JSON is read as it came first; only a body that is not JSON that way is read as a real form ({@code data}
 * field URL-decoded), for a client that encodes it.
 */
final class ServerInfoBody {

    private static final String PREFIX = "data=";
    private static final String SHAPE = "{\"module\":\"chat\",\"method\":\"login\",\"params\":"
            + "[serverName, account, passwordMd5, \"\"]}";
    /** Strict: trailing text after the JSON (e.g. a further form field) is not the JSON. */
    private static final ObjectReader JSON = ProtocolJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Longest value of the client's echoed in a message. */
    private static final int ECHO = 40;

    /** The credentials of the login request. */
    record Login(String account, String password) {
    }

    private ServerInfoBody() {
    }

    /** The credentials of the body; {@link InvalidRequestException} saying what is wrong otherwise. */
    static Login parse(String body) {
        JsonNode request = json(body);
        if (!request.isObject()) {
            throw new InvalidRequestException("The login request must be a JSON object: data=" + SHAPE + ".");
        }
        expect(request, "module", "chat");
        expect(request, "method", "login");
        JsonNode params = request.get("params");
        if (params == null || !params.isArray() || params.size() < 3) {
            throw new InvalidRequestException("Parameter 'params' must be [serverName, account, password, status]: "
                    + "data=" + SHAPE + ".");
        }
        return new Login(text(params.get(1), "account"), text(params.get(2), "password"));
    }

    /** The JSON of the body: as it came after {@code data=}, else as a URL-encoded form's {@code data} field. */
    private static JsonNode json(String body) {
        String text = body.strip();
        JsonNode raw = tryJson(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
        if (raw != null) {
            return raw;
        }
        String field = formField(text);
        JsonNode decoded = field == null ? null : tryJson(field);
        if (decoded == null) {
            throw new InvalidRequestException(text.isEmpty()
                    ? "The body is empty: send data=" + SHAPE + "."
                    : "The body must be data= followed by the login request as JSON: data=" + SHAPE + ".");
        }
        return decoded;
    }

    private static JsonNode tryJson(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    /** The URL-decoded value of the form's {@code data} field, or null (none, or a malformed escape). */
    private static String formField(String form) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if ("data".equals(name) && equals >= 0) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformedEscape) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void expect(JsonNode request, String field, String value) {
        JsonNode node = request.get(field);
        if (node != null && !(node.isTextual() && node.textValue().equalsIgnoreCase(value))) {
            throw new InvalidRequestException("/serverInfo takes the login request only: '" + field + "' must be '"
                    + value + "', not " + echo(node) + ".");
        }
    }

    private static String text(JsonNode node, String name) {
        if (node == null || !node.isTextual()) {
            throw new InvalidRequestException("Parameter '" + name + "' (params[" + ("account".equals(name) ? 1 : 2)
                    // its type only: the value may be a password
                    + "]) must be a string, not " + (node == null ? "missing" : "a JSON "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + ".");
        }
        return node.textValue();
    }

    private static String echo(JsonNode node) {
        String text = node == null ? "missing" : ProtocolJson.write(node);
        return text.length() <= ECHO ? text : text.substring(0, ECHO) + "…";
    }
}
