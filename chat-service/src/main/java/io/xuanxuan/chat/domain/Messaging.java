package io.xuanxuan.chat.domain;

import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.chat.store.ChatTransactions;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.chat.store.MessageInsertBatcher;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.chat.store.StoredMessage;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rules of sending messages (what {@code message} decides once the wire is read): the caller must be
 * allowed to post in the chat and have the delivery budget for it; each new message is stored with the
 * chat's next {@code seq} ({@link SeqAllocator}); a message is stored idempotently by its gid: a re-sent gid
 * stores nothing new, except that an {@code image}/{@code file} message re-sent by its sender with other
 * content replaces the stored content under the chat's next seq (the real client re-sends the gid once the
 * upload is done); a gid of another chat is refused. All messages of one request are stored all or nothing.
 */
public class Messaging {

    /** Content types whose stored content a re-send by the sender replaces. */
    static final Set<String> REPLACEABLE = Set.of("image", "file");

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final MessageStore messages;
    private final MessageInsertBatcher inserts;
    private final SeqAllocator seqs;
    private final ChatTransactions transactions;
    private final SystemChatPosters systemChatPosters;
    private final DeliveryBudget budget;

    public Messaging(ChatLookup lookup, ChatStore chats, MessageStore messages, MessageInsertBatcher inserts,
                     SeqAllocator seqs, ChatTransactions transactions, SystemChatPosters systemChatPosters,
                     DeliveryBudget budget) {
        this.lookup = lookup;
        this.chats = chats;
        this.messages = messages;
        this.inserts = inserts;
        this.seqs = seqs;
        this.transactions = transactions;
        this.systemChatPosters = systemChatPosters;
        this.budget = budget;
    }

    /** One message as the client sent it, checked and with defaults applied; the sender is the caller. */
    public record Draft(String gid, String cgid, String type, String contentType, String content, long date,
                        long order) {
        /** The same draft for the chat under its stored gid. */
        Draft in(String chatGid) {
            return chatGid.equals(cgid) ? this : new Draft(gid, chatGid, type, contentType, content, date, order);
        }
    }

    /**
     * What a send stored: the chat (its own gid and members), and one stored message per gid in the order
     * sent (a gid sent twice: its last state).
     */
    public record Sent(Chat chat, List<StoredMessage> stored) {
        public List<Message> messages() {
            return stored.stream().map(StoredMessage::message).toList();
        }
    }

    /**
     * Stores the drafts (all for one chat, the first one's) from {@code senderId} at {@code now} (Unix seconds),
     * or fails with a refusal before anything is stored.
     */
    public Mono<Sent> send(long senderId, List<Draft> sent, long now) {
        return lookup.caller(senderId).zipWith(lookup.chat(sent.get(0).cgid())).flatMap(both -> {
            var caller = both.getT1();
            var chat = both.getT2();
            ChatRules.requireMayPost(chat, caller, systemChatPosters);
            // what this request makes the server deliver, checked before anything is stored
            budget.charge(senderId, sent.size(), recipientCount(chat.members(), senderId));
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
                    ? store(drafts.get(0), new HashMap<>(), senderId, run, inserts::insert).map(List::of)
                            .flatMap(one -> touch.thenReturn(one))
                    : messages.findByGids(drafts.stream().map(Draft::gid).distinct().toList())
                            .collectMap(stored -> stored.message().gid())
                            .flatMap(existing -> {
                                existing.values().forEach(stored -> requireSameChat(stored.message(), cgid));
                                Map<String, StoredMessage> known = new HashMap<>(existing);
                                // all or nothing: a failure rolls back every seq this request took
                                return transactions.run(Flux.fromIterable(drafts)
                                        .concatMap(draft -> store(draft, known, senderId, run, messages::insert))
                                        .collectList()
                                        .flatMap(all -> touch.thenReturn(all)));
                            }));
            return storing.map(all -> {
                // one entry per gid, in the order sent; a gid sent twice answers its last state
                Map<String, StoredMessage> byGid = new LinkedHashMap<>();
                all.forEach(one -> byGid.put(one.message().gid(), one));
                return new Sent(chat, new ArrayList<>(byGid.values()));
            });
        });
    }

    /**
     * Stores a message the server makes (a notice, no sender) in the chat under the chat's next seq, after
     * {@code change} and in the same transaction, and moves the chat's lastActiveTime. Stored once per gid: a
     * re-processed command answers the stored notice and stores nothing new.
     */
    public Mono<StoredMessage> storeNotice(Chat chat, Message notice, Mono<Void> change, long now) {
        return seqs.withSeqs(chat.gid(), run -> transactions.run(change
                .then(messages.insertIfAbsent(notice, run.candidate()))
                .doOnNext(stored -> run.stored(stored.seq()))
                .flatMap(stored -> chats.touch(chat.id(), now).thenReturn(stored))));
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
                draft.contentType(), draft.content(), draft.order());
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
                    old.date(), old.type(), old.contentType(), draft.content(), old.order()), seq);
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
}
