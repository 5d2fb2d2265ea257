package io.xuanxuan.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.chat.config.ChatProperties;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.Messaging;
import io.xuanxuan.chat.domain.Messaging.Draft;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.MessageParams;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code message}: the messages to send, in any shape {@link MessageParams} reads (the one reading the
 * command's routing key uses too). All of one request go to one chat ({@code cgid}); the sender is the
 * caller, never a field of the message. This handler reads and checks the wire; {@link Messaging} decides
 * and stores (seqs, re-sends by gid, who may post). Answers the stored messages and publishes ONE delivery of
 * them to the other members, with their seqs; members who are away get them from the login sync. A
 * re-sent gid is pushed again under its own seq (gateways drop what a connection already has).
 */
public class MessageHandler extends ChatHandler {

    public static final String TYPE_NORMAL = "normal";
    public static final String TYPE_BROADCAST = "broadcast";
    public static final String CONTENT_TEXT = "text";
    /** The message types a client may send: not broadcast, which only the server makes. */
    static final Set<String> TYPES = Set.of(TYPE_NORMAL);
    static final Set<String> CONTENT_TYPES = Set.of(CONTENT_TEXT, "plain", "emoticon", "emotion", "image", "file",
            "object");
    /** Above this a client's date is taken for milliseconds. */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final Messaging messaging;
    private final ChatProperties properties;
    private final Clock clock;

    public MessageHandler(Messaging messaging, ChatProperties properties, Clock clock) {
        super(Methods.MESSAGE);
        this.messaging = messaging;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        long now = ChatOutcomes.now(clock);
        List<Draft> drafts = parse(command.request().params(), now);
        long userId = command.userId();
        return messaging.send(userId, drafts, now).map(sent -> {
            Outcome outcome = Outcome.respond(command, Response.success(command.request(), sent.messages()));
            return ChatOutcomes.messages(outcome, sent.chat().gid(), userId, sent.stored(), sent.chat().members());
        });
    }

    /** The drafts of a request: checked all at once, before anything is stored. */
    List<Draft> parse(JsonNode params, long now) {
        JsonNode list = MessageParams.messages(params);
        if (list.isEmpty()) {
            throw new InvalidRequestException("Parameter 'messages' must be a non-empty array of messages.");
        }
        if (list.size() > properties.maxMessagesPerRequest()) {
            throw new InvalidRequestException("At most " + properties.maxMessagesPerRequest()
                    + " messages may be sent in one request.");
        }
        List<Draft> drafts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            drafts.add(draft(list.get(i), i + 1, now));
        }
        String chat = OneToOneGid.routingKey(drafts.get(0).cgid());
        if (drafts.stream().anyMatch(draft -> !OneToOneGid.routingKey(draft.cgid()).equals(chat))) {
            throw new InvalidRequestException("All messages of one request must be for the same chat (cgid).");
        }
        return drafts;
    }

    private Draft draft(JsonNode item, int number, long now) {
        String which = "Message " + number;
        if (!item.isObject()) {
            throw new InvalidRequestException(which + " must be an object {gid, cgid, type, contentType, content}.");
        }
        String gid = requiredText(item, "gid", which);
        String cgid = requiredText(item, "cgid", which);
        String type = optionalText(item, "type", which, TYPE_NORMAL).toLowerCase(Locale.ROOT);
        if (TYPE_BROADCAST.equals(type)) {
            // PROTOCOL.md section 3: broadcast messages are the notices the server makes ("X renamed the chat");
            // a client's would pass for one of them
            throw new InvalidRequestException(which + ": 'type' broadcast is reserved for notices the server "
                    + "makes; send your message as type normal.");
        }
        if (!TYPES.contains(type)) {
            throw new InvalidRequestException(which + ": 'type' must be normal.");
        }
        String contentType = optionalText(item, "contentType", which, CONTENT_TEXT).toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPES.contains(contentType)) {
            throw new InvalidRequestException(which + ": 'contentType' must be one of text, plain, emoticon, "
                    + "image, file, object.");
        }
        String content = content(item.get("content"));
        if (content.length() > properties.maxMessageLength()) {
            throw new InvalidRequestException(which + " is too long: content is limited to "
                    + properties.maxMessageLength() + " characters, this one has " + content.length() + ".");
        }
        return new Draft(gid, cgid, type, contentType, content, date(item.get("date"), now),
                order(item.get("order"), which));
    }

    private static String requiredText(JsonNode item, String field, String which) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidRequestException(which + ": '" + field + "' is required and must be a non-empty string.");
        }
        if (value.textValue().length() > ChatRules.MAX_GID_LENGTH) {
            throw new InvalidRequestException(which + ": '" + field + "' must be at most " + ChatRules.MAX_GID_LENGTH
                    + " characters.");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode item, String field, String which, String fallback) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(which + ": '" + field + "' must be a string.");
        }
        return value.textValue().trim();
    }

    /** Text as is; non-text content that arrives as JSON (an object, an array) is stored as its JSON text. */
    private static String content(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isContainerNode()) {
            return ProtocolJson.write(value);
        }
        return value.asText();
    }

    /**
     * The client's own number of the message (the 2.x clients send {@code order}): an integer, also as a
     * string; absent, null or empty: 0.
     */
    private static long order(JsonNode value, String which) {
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return 0;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.textValue().trim());
        }
        throw new InvalidRequestException(which + ": 'order' must be an integer.");
    }

    /** Unix seconds; empty, 0 or unreadable means now, milliseconds are taken for what they are. */
    private static long date(JsonNode value, long now) {
        long date;
        if (value == null || value.isNull()) {
            return now;
        }
        if (value.isNumber()) {
            date = value.asLong();
        } else if (value.isTextual() && value.textValue().trim().matches("\\d{1,18}")) {
            date = Long.parseLong(value.textValue().trim());
        } else {
            return now;
        }
        if (date <= 0) {
            return now;
        }
        return date > MILLIS_THRESHOLD ? date / 1000 : date;
    }
}
