package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import java.util.Optional;

/**
 * The one reading of the {@code message} method's params, used by the gateway to key the command by
 * its chat and by the chat service to store it, so both see the same messages. Accepted shapes:
 * <ul>
 *   <li>{@code {messages: [...]}} (the real client) and {@code {messages: {...}}} (one message);</li>
 *   <li>a bare array of messages (the document);</li>
 *   <li>a positional list whose one element is the array: {@code [[...]]}.</li>
 * </ul>
 */
public final class MessageParams {

    private MessageParams() {
    }

    /** The messages as sent (an array node, possibly empty); a sentence a person can act on otherwise. */
    public static JsonNode messages(JsonNode params) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            throw new InvalidRequestException("Parameter 'messages' is required.");
        }
        if (params.isArray()) {
            // the document's bare array; also a positional list whose one element is the array
            return params.size() == 1 && params.get(0).isArray() ? params.get(0) : params;
        }
        JsonNode messages = params.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequestException("Parameter 'messages' is required.");
        }
        if (messages.isObject()) {
            return ProtocolJson.nodes().arrayNode().add(messages);
        }
        if (!messages.isArray()) {
            throw new InvalidRequestException("Parameter 'messages' must be an array of messages.");
        }
        return messages;
    }

    /**
     * The chat the request is for: the {@code cgid} of its first message, if the params have that shape.
     * Never throws: a request that has none is refused by the chat service with the reason.
     */
    public static Optional<String> chatGid(JsonNode params) {
        JsonNode messages;
        try {
            messages = messages(params);
        } catch (InvalidRequestException unreadable) {
            return Optional.empty();
        }
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        JsonNode cgid = messages.get(0).get("cgid");
        return cgid != null && cgid.isTextual() && !cgid.textValue().isBlank()
                ? Optional.of(cgid.textValue()) : Optional.empty();
    }
}
