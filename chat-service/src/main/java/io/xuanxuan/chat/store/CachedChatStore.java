package io.xuanxuan.chat.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.OneToOneGid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link ChatStore} with the chats every message reads ({@link #findByGid}: the chat and its members) in a
 * bounded memory cache, loaded from the database on a miss. Every write method of the store evicts the chat
 * it changed once its statement is done (inside a transaction that is before the commit: the handlers read
 * the chat again after the commit with {@link #reload}, and every instance evicts on the chat event that
 * follows, see {@code ChatViewConsumer}); {@link #touch} moves the cached lastActiveTime forward instead, so a
 * busy chat is not reloaded every second. Member flags (star/hide/mute) are not part of the cached chat.
 */
public class CachedChatStore extends ChatStore {

    /** Chats by {@link OneToOneGid#routingKey}: one entry for both orders of a one-to-one gid. */
    private final AsyncCache<String, Chat> byKey;
    /** The cache key of a cached chat id, for the writes that name the chat by id. */
    private final Cache<Long, String> keyById;

    public CachedChatStore(DatabaseClient db, long maxChats) {
        super(db);
        this.byKey = Caffeine.newBuilder().maximumSize(maxChats).buildAsync();
        this.keyById = Caffeine.newBuilder().maximumSize(maxChats).build();
    }

    private static String key(String gid) {
        return OneToOneGid.routingKey(gid);
    }

    /** From memory; a miss (or a chat that does not exist, which is not remembered) reads the database. */
    @Override
    public Mono<Chat> findByGid(String gid) {
        String key = key(gid);
        // a load is shared by every reader of the key: one reader cancelling must not cancel the others'
        return Mono.fromFuture(() -> CacheLoads.shared(byKey, key, () -> super.findByGid(gid)
                .map(CachedChatStore::unmodifiable)
                .doOnNext(chat -> keyById.put(chat.id(), key))), true);
    }

    /** Every reader shares the cached chat: its lists must not be changed by one of them. */
    private static Chat unmodifiable(Chat c) {
        return new Chat(c.id(), c.gid(), c.name(), c.type(), List.copyOf(c.admins()), c.committers(), c.subject(),
                c.isPublic(), c.createdBy(), c.createdDate(), c.editedBy(), c.editedDate(), c.lastActiveTime(),
                List.copyOf(c.members()), c.star(), c.hide(), c.mute(), c.dismissDate(), c.category());
    }

    /** Read after a write: forgets the cached chat first, so the answer (and the cache) has what was stored. */
    @Override
    public Mono<Chat> reload(String gid) {
        return Mono.defer(() -> {
            evictGid(gid);
            return findByGid(gid);
        });
    }

    /** Forgets a chat by gid (either order of a one-to-one gid). */
    public void evictGid(String gid) {
        byKey.synchronous().invalidate(key(gid));
    }

    /**
     * Adds a member to the cached chat of this gid (if cached, also while it is being loaded): for a member the
     * database has or is about to have, which another instance adds without a chat event (the system chat's
     * members are every user a presence event names).
     */
    public void includeMember(String gid, long userId) {
        byKey.asMap().computeIfPresent(key(gid), (k, future) -> future.thenApply(chat -> withMember(chat, userId)));
    }

    /** Whether the chat of this gid is cached, loaded, and lacks this member. */
    public boolean cachedWithout(String gid, long userId) {
        CompletableFuture<Chat> future = byKey.getIfPresent(key(gid));
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return false;
        }
        Chat chat = future.join();
        return chat != null && !chat.members().contains(userId);
    }

    private static Chat withMember(Chat c, long userId) {
        if (c == null || c.members().contains(userId)) {
            return c;
        }
        List<Long> members = new java.util.ArrayList<>(c.members());
        members.add(userId);
        members.sort(null);
        return new Chat(c.id(), c.gid(), c.name(), c.type(), c.admins(), c.committers(), c.subject(), c.isPublic(),
                c.createdBy(), c.createdDate(), c.editedBy(), c.editedDate(), c.lastActiveTime(),
                List.copyOf(members), c.star(), c.hide(), c.mute(), c.dismissDate(), c.category());
    }

    /** Forgets a chat by id, if it is cached. */
    public void evictId(long chatId) {
        String key = keyById.getIfPresent(chatId);
        if (key != null) {
            byKey.synchronous().invalidate(key);
        }
    }

    private <T> Mono<T> evictingAfter(long chatId, Mono<T> write) {
        return write.doOnTerminate(() -> evictId(chatId)).doOnCancel(() -> evictId(chatId));
    }

    @Override
    public Mono<Void> addMember(long chatId, long userId, long now) {
        return evictingAfter(chatId, super.addMember(chatId, userId, now));
    }

    @Override
    public Mono<Boolean> addMemberIfAbsent(long chatId, long userId, long now) {
        return evictingAfter(chatId, super.addMemberIfAbsent(chatId, userId, now));
    }

    @Override
    public Mono<Long> addAllUsers(long chatId, long now) {
        return evictingAfter(chatId, super.addAllUsers(chatId, now));
    }

    @Override
    public Mono<Void> removeMember(long chatId, long userId) {
        return evictingAfter(chatId, super.removeMember(chatId, userId));
    }

    @Override
    public Mono<Void> updateName(long chatId, String name, String editedBy, long now) {
        return evictingAfter(chatId, super.updateName(chatId, name, editedBy, now));
    }

    @Override
    public Mono<Void> updatePublic(long chatId, boolean isPublic, String editedBy, long now) {
        return evictingAfter(chatId, super.updatePublic(chatId, isPublic, editedBy, now));
    }

    @Override
    public Mono<Void> updateAdmins(long chatId, List<Long> admins, String editedBy, long now) {
        return evictingAfter(chatId, super.updateAdmins(chatId, admins, editedBy, now));
    }

    @Override
    public Mono<Void> updateCommitters(long chatId, String committers, String editedBy, long now) {
        return evictingAfter(chatId, super.updateCommitters(chatId, committers, editedBy, now));
    }

    @Override
    public Mono<Boolean> dismiss(long chatId, String editedBy, long now) {
        return evictingAfter(chatId, super.dismiss(chatId, editedBy, now));
    }

    /**
     * Moves the cached chat's lastActiveTime forward with the row's, so the message path writes it once a
     * second as before (a chat being loaded right now keeps the time it reads: at most one touch more).
     */
    @Override
    public Mono<Void> touch(long chatId, long lastActiveTime) {
        return super.touch(chatId, lastActiveTime).doOnSuccess(ignored -> {
            String key = keyById.getIfPresent(chatId);
            if (key != null) {
                byKey.asMap().computeIfPresent(key, (k, future) -> touched(future, chatId, lastActiveTime));
            }
        });
    }

    private static CompletableFuture<Chat> touched(CompletableFuture<Chat> future, long chatId, long time) {
        if (!future.isDone() || future.isCompletedExceptionally()) {
            return future;
        }
        Chat c = future.join();
        if (c == null || c.id() != chatId || c.lastActiveTime() >= time) {
            return future;
        }
        return CompletableFuture.completedFuture(new Chat(c.id(), c.gid(), c.name(), c.type(), c.admins(),
                c.committers(), c.subject(), c.isPublic(), c.createdBy(), c.createdDate(), c.editedBy(),
                c.editedDate(), time, c.members(), c.star(), c.hide(), c.mute(), c.dismissDate(), c.category()));
    }
}
