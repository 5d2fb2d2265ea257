package io.xuanxuan.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Request;

/**
 * What a request costs from its connection's budget ({@link FloodGuard}), where the gateway can see
 * the work it asks for: a {@code message} request costs one token per message, a {@code history}
 * request one per {@code historyRowsPerToken} rows asked for; everything else one. One frame with
 * 100 messages is thus rated like 100 frames, not like one.
 *
 * <p>A request the gateway cannot read (the service will refuse it) costs one. The cost is capped at
 * the bucket's size, so a large but allowed request waits for a full bucket rather than never passing:
 * what a single request may hold is the owning service's limit (messages per request, rows per page).
 */
final class RequestCost {

    private static final String MESSAGE = Methods.route(Methods.MESSAGE);
    private static final String HISTORY = Methods.route(Methods.HISTORY);
    /** What {@code history} returns without {@code recPerPage}. */
    private static final int DEFAULT_PAGE = 20;

    private RequestCost() {
    }

    static int of(Request request, int historyRowsPerToken, int cap) {
        long cost = 1;
        String route = request.route();
        if (MESSAGE.equals(route)) {
            cost = messages(request.params());
        } else if (HISTORY.equals(route)) {
            cost = ceilDiv(historyRows(request), historyRowsPerToken);
        }
        return (int) Math.max(1, Math.min(cost, cap));
    }

    /** The number of messages, read as the chat service reads them (see its MessageHandler). */
    private static long messages(JsonNode params) {
        if (params == null || params.isNull()) {
            return 1;
        }
        JsonNode list = params;
        if (params.isArray() && params.size() == 1 && params.get(0).isArray()) {
            list = params.get(0);
        } else if (params.isObject()) {
            list = params.get("messages");
        }
        return list != null && list.isArray() ? list.size() : 1;
    }

    private static long historyRows(Request request) {
        try {
            return Params.of(request.params(), "gid", "recPerPage").longValue("recPerPage", DEFAULT_PAGE);
        } catch (InvalidRequestException | IllegalArgumentException unreadable) {
            return 1;
        }
    }

    private static long ceilDiv(long value, long divisor) {
        return value <= 0 ? 1 : (value + divisor - 1) / divisor;
    }
}
