package io.xuanxuan.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.chat.config.ChatProperties;
import io.xuanxuan.chat.domain.ChatAccess;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.DeliveryBudget;
import io.xuanxuan.chat.domain.SeqAllocator;
import io.xuanxuan.chat.domain.SystemChatPosters;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.chat.store.MessageInsertBatcher;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.chat.store.StoredMessage;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.MessageParams;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code message}: the messages to send, in any shape {@link MessageParams} reads (the one reading the
 * command's routing key uses too). All of one request go to one chat ({@code cgid}); the sender is the
 * caller, never a field of the message. Each new message is stored with the chat's next {@code seq}
 * ({@link SeqAllocator}). Stored idempotently by gid: a re-sent gid stores nothing new, except that an
 * {@code image}/{@code file} message re-sent by its sender replaces the stored content (the real client
 * re-sends the gid once the upload is done). Answers the stored messages and publishes ONE delivery of
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
    /** Content types whose stored content a re-send by the sender replaces. */
    static final Set<String> REPLACEABLE = Set.of("image", "file");
    /** Above this a client's date is taken for milliseconds. */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final ChatAccess access;
    private final ChatStore chats;
    private final MessageStore messages;
    private final MessageInsertBatcher inserts;
    private final SeqAllocator seqs;
    private final ChatTransactions transactions;
    private final ChatProperties properties;
    private final SystemChatPosters systemChatPosters;
    private final DeliveryBudget budget;
    private final Clock clock;

    public MessageHandler(ChatAccess access, ChatStore chats, MessageStore messages, MessageInsertBatcher inserts,
                          SeqAllocator seqs,
                          ChatTransactions transactions, ChatProperties properties,
                          SystemChatPosters systemChatPosters, DeliveryBudget budget, Clock clock) {
        super(Methods.MESSAGE);
        this.access = access;
        this.chats = chats;
        this.messages = messages;
        this.inserts = inserts;
        this.seqs = seqs;
        this.transactions = transactions;
        this.properties = properties;
        this.systemChatPosters = systemChatPosters;
        this.budget = budget;
        this.clock = clock;
    }

    /** One message as the client sent it, checked and with defaults applied. */
    record Draft(String gid, String cgid, String type, String contentType, String content, long date) {
        /** The same draft for the chat under its stored gid. */
        Draft in(String chatGid) {
            return chatGid.equals(cgid) ? this : new Draft(gid, chatGid, type, contentType, content, date);
        }
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        long now = ChatOutcomes.now(clock);
        List<Draft> sent = parse(command.request().params(), now);
        long userId = command.userId();
        return access.caller(userId).zipWith(access.chat(sent.get(0).cgid())).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireMayPost(chat, caller, systemChatPosters);
            // what this request makes the server deliver, checked before anything is stored
            budget.charge(userId, sent.size(), recipientCount(chat.members(), userId));
            // the chat's own gid: a one-to-one chat's messages are stored and pushed under the gid the chat
            // was created with, whichever order the client wrote
            String cgid = chat.gid();
            List<Draft> drafts = sent.stream().map(draft -> draft.in(cgid)).toList();
            // lastActiveTime has a resolution of seconds: a busy chat's row is written once a second, not per message
            Mono<Void> touch = chat.lastActiveTime() >= now ? Mono.empty() : chats.touch(chat.id(), now);
            Mono<List<StoredMessage>> storing = seqs.withSeqs(cgid, run -> drafts.size() == 1
                    // the common case: one insert is atomic by itself, and a re-sent gid is found by its
                    // duplicate key instead of a read before every insert (two statements fewer per message)
                    // (written together with the other chats' messages of the moment: MessageInsertBatcher)
                    ? store(drafts.get(0), new HashMap<>(), userId, run, inserts::insert).map(List::of)
                            .flatMap(one -> touch.thenReturn(one))
                    : messages.findByGids(drafts.stream().map(Draft::gid).distinct().toList())
                            .collectMap(stored -> stored.message().gid())
                            .flatMap(existing -> {
                                existing.values().forEach(stored -> requireSameChat(stored.message(), cgid));
                                Map<String, StoredMessage> known = new HashMap<>(existing);
                                // all or nothing: a failure rolls back every seq this request took
                                return transactions.run(Flux.fromIterable(drafts)
                                        .concatMap(draft -> store(draft, known, userId, run, messages::insert))
                                        .collectList()
                                        .flatMap(all -> touch.thenReturn(all)));
                            }));
            return storing.map(all -> {
                // one entry per gid, in the order sent; a gid sent twice answers its last state
                Map<String, StoredMessage> stored = new LinkedHashMap<>();
                all.forEach(one -> stored.put(one.message().gid(), one));
                List<Message> result = stored.values().stream().map(StoredMessage::message).toList();
                Outcome outcome = Outcome.respond(command, Response.success(command.request(), result));
                return ChatOutcomes.messages(outcome, cgid, userId, stored.values(), chat.members());
            });
        });
    }

    private static int recipientCount(List<Long> members, long senderId) {
        return (int) members.stream().filter(id -> id != senderId).distinct().count();
    }

    /** How a new message is stored: batched with others, or on the caller's transaction. */
    @FunctionalInterface
    private interface Inserter {
        Mono<StoredMessage> insert(Message message, long seq);
    }

    /** Stores a draft whose gid is new with the chat's next seq, or applies a re-send of a known gid. */
    private Mono<StoredMessage> store(Draft draft, Map<String, StoredMessage> known, long senderId,
                                      SeqAllocator.Run run, Inserter inserter) {
        StoredMessage old = known.get(draft.gid());
        if (old != null) {
            return resend(old, draft, known, senderId, run);
        }
        Message message = new Message(0, draft.gid(), draft.cgid(), senderId, draft.date(), draft.type(),
                draft.contentType(), draft.content());
        return inserter.insert(message, run.candidate())
                .doOnNext(inserted -> {
                    run.stored(inserted.seq());
                    known.put(inserted.message().gid(), inserted);
                })
                .onErrorResume(DuplicateKeys::isDuplicateKey, e -> messages.findByGid(draft.gid())
                        .flatMap(other -> {
                            requireSameChat(other.message(), draft.cgid());
                            return resend(other, draft, known, senderId, run);
                        }));
    }

    /**
     * A gid already stored: nothing new is stored, except that the sender's re-send of an image/file message
     * with other content replaces the content (the real client re-sends once the upload is done). The
     * replaced message takes the chat's next seq, so it reaches the members again like a new message (a
     * connection that showed the old content, a member who was away).
     */
    private Mono<StoredMessage> resend(StoredMessage stored, Draft draft, Map<String, StoredMessage> known,
                                       long senderId, SeqAllocator.Run run) {
        Message old = stored.message();
        if (old.user() == senderId && REPLACEABLE.contains(draft.contentType())
                && draft.contentType().equals(old.contentType()) && !draft.content().equals(old.content())) {
            long seq = run.candidate();
            StoredMessage replaced = new StoredMessage(new Message(old.id(), old.gid(), old.cgid(), old.user(),
                    old.date(), old.type(), old.contentType(), draft.content()), seq);
            return messages.updateContent(old.id(), draft.content(), seq)
                    .then(Mono.fromSupplier(() -> {
                        run.stored(seq);
                        known.put(old.gid(), replaced);
                        return replaced;
                    }));
        }
        known.put(old.gid(), stored);
        return Mono.just(stored);
    }

    private static void requireSameChat(Message message, String cgid) {
        if (!message.cgid().equals(cgid)) {
            throw new InvalidRequestException("Message gid '" + message.gid()
                    + "' is already used by a message of another chat; use a new gid.");
        }
    }

    /** The drafts of a request: checked all at once, before anything is stored. */
    List<Draft> parse(JsonNode params, long now) {
        JsonNode list = MessageParams.messages(params);
        if (list.isEmpty()) {
            throw new InvalidRequestException("Parameter 'messages' must be a non-empty array of messages.");
        }
        if (list.size() > properties.getMaxMessagesPerRequest()) {
            throw new InvalidRequestException("At most " + properties.getMaxMessagesPerRequest()
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
        if (content.length() > properties.getMaxMessageLength()) {
            throw new InvalidRequestException(which + " is too long: content is limited to "
                    + properties.getMaxMessageLength() + " characters, this one has " + content.length() + ".");
        }
        return new Draft(gid, cgid, type, contentType, content, date(item.get("date"), now));
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
