package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A client request, {@code {module, method, params, sid, data}}, as the client spelled it.
 * Build one with {@link RequestParser}; {@link #route()} is the case-insensitive routing key.
 */
public record Request(String module, String method, JsonNode params, String sid, JsonNode data) {

    /** The case-insensitive identity of the method, e.g. {@code chat/usergetlist}. */
    public String route() {
        return routeOf(module, method);
    }

    public static String routeOf(String module, String method) {
        return module.toLowerCase(Locale.ROOT) + "/" + method.toLowerCase(Locale.ROOT);
    }

    public boolean is(String otherModule, String otherMethod) {
        return module.equalsIgnoreCase(otherModule) && method.equalsIgnoreCase(otherMethod);
    }

    public Params params(String... positionalNames) {
        return Params.of(params, positionalNames);
    }
}
