package io.xuanxuan.model.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.MessageParams;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.ServiceName;
import java.util.Locale;

/**
 * The partition key of a command (DESIGN.md section 3): what must be handled in order shares a key.
 * <ul>
 *   <li>chat and file: the chat gid, so one chat's messages are stored in the order sent and its
 *       changes never race ({@code message}: the {@code cgid} of its first message); both orders of a
 *       one-to-one gid ({@code "9&10"}, {@code "10&9"}) share one key, see {@link OneToOneGid};</li>
 *   <li>presence: the user id; {@code login}, before there is one, the account, so two logins of one
 *       account are never handled at the same time;</li>
 *   <li>anything without such a value: the user id, or the connection id before login.</li>
 * </ul>
 */
public final class CommandKeys {

    private CommandKeys() {
    }

    public static String keyFor(ServiceName owner, Request request, Long userId, String connectionId) {
        String fallback = userId != null ? userId.toString() : connectionId;
        return switch (owner) {
            // both orders of a one-to-one gid name one chat: one key, one partition
            case CHAT, FILE -> chatGid(request).map(gid -> "chat:" + OneToOneGid.routingKey(gid)).orElse(fallback);
            case PRESENCE -> request.route().equals(Methods.route(Methods.LOGIN))
                    ? firstParam(request, "account").map(a -> "account:" + a.trim().toLowerCase(Locale.ROOT))
                            .orElse(fallback)
                    : fallback;
            default -> fallback;
        };
    }

    private static java.util.Optional<String> chatGid(Request request) {
        if (request.route().equals(Methods.route(Methods.MESSAGE))) {
            // the chat service's own reading of the params: every shape it stores is keyed by its chat
            return MessageParams.chatGid(request.params());
        }
        return firstParam(request, "gid");
    }

    /** A string parameter that is named {@code name} or comes first in the positional form. */
    private static java.util.Optional<String> firstParam(Request request, String name) {
        JsonNode params = request.params();
        JsonNode value = params == null ? null : params.isArray() ? params.get(0) : params.get(name);
        return value != null && value.isTextual() && !value.textValue().isBlank()
                ? java.util.Optional.of(value.textValue()) : java.util.Optional.empty();
    }
}
