package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;

/**
 * A response to the requesting connection only: {@code {module, method, result, sid, message, data}}.
 * {@code module}/{@code method} echo the request as the client spelled them. {@code pager} is set by
 * {@code history} only.
 */
@JsonPropertyOrder({"module", "method", "result", "sid", "message", "data", "pager"})
public record Response(String module, String method, Result result, String sid, String message,
                       JsonNode data, JsonNode pager) {

    public static Response success(Request request, Object data) {
        return new Response(request.module(), request.method(), Result.SUCCESS, request.sid(), null,
                data == null ? null : ProtocolJson.toTree(data), null);
    }

    public static Response fail(Request request, String message) {
        return new Response(request.module(), request.method(), Result.FAIL, request.sid(), message, null, null);
    }

    public static Response denied(Request request, String message) {
        return new Response(request.module(), request.method(), Result.DENIED, request.sid(), message, null, null);
    }

    public Response withSid(String newSid) {
        return new Response(module, method, result, newSid, message, data, pager);
    }

    public Response withData(JsonNode newData) {
        return new Response(module, method, result, sid, message, newData, pager);
    }

    public Response withPager(Object newPager) {
        return new Response(module, method, result, sid, message, data, ProtocolJson.toTree(newPager));
    }
}
