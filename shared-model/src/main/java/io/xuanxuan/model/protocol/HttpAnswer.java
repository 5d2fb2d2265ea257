package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON body of an HTTP answer (PROTOCOL.md section 8, and the gateway's refusal of a WebSocket handshake):
 * {@code {module, method, result, message, data}} in this order; a field left null is left out.
 */
@JsonPropertyOrder({"module", "method", "result", "message", "data"})
public record HttpAnswer(String module, String method, Result result, String message, Object data) {

    /** {@code success} with its data. */
    public static HttpAnswer success(String module, String method, Object data) {
        return new HttpAnswer(module, method, Result.SUCCESS, null, data);
    }

    /** {@code fail} or {@code denied} with a sentence a person can act on. */
    public static HttpAnswer refused(String module, String method, Result result, String message) {
        return new HttpAnswer(module, method, result, message, null);
    }

    /** A refusal that belongs to no method: {@code {result: fail, message}}. */
    public static HttpAnswer fail(String message) {
        return new HttpAnswer(null, null, Result.FAIL, message, null);
    }
}
