package io.xuanxuan.chat.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.xuanxuan.chat.domain.ChatUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link ChatUserStore} with the users every message reads (the sender) in a bounded memory cache, loaded
 * from the database on a miss; {@link #upsert} evicts the user once written, and every instance evicts (or
 * takes the new state of) a user a presence event names ({@code ChatViewConsumer}).
 */
public class CachedChatUserStore extends ChatUserStore {

    private final AsyncCache<Long, ChatUser> byId;

    public CachedChatUserStore(DatabaseClient db, long maxUsers) {
        super(db);
        this.byId = Caffeine.newBuilder().maximumSize(maxUsers).buildAsync();
    }

    @Override
    public Mono<ChatUser> findById(long id) {
        // a load is shared by every reader of the id: one reader cancelling must not cancel the others'
        return Mono.fromFuture(() -> CacheLoads.shared(byId, id, () -> super.findById(id)), true);
    }

    /** The cached users answer from memory; only the others are looked up (an unknown id is never remembered). */
    @Override
    public Mono<List<Long>> existingIds(Collection<Long> ids) {
        List<Long> known = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : ids) {
            CompletableFuture<ChatUser> cached = byId.getIfPresent(id);
            if (cached != null && cached.isDone() && !cached.isCompletedExceptionally() && cached.join() != null) {
                known.add(id);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(known);
        }
        return super.existingIds(missing).map(found -> {
            List<Long> all = new ArrayList<>(known);
            all.addAll(found);
            return all;
        });
    }

    @Override
    public Mono<Void> upsert(ChatUser user, long at) {
        return super.upsert(user, at).doOnTerminate(() -> evict(user.id())).doOnCancel(() -> evict(user.id()));
    }

    public void evict(long id) {
        byId.synchronous().invalidate(id);
    }

    /**
     * Takes a user's state from a current presence event: the same state the event's upsert stores, which
     * may not be written yet when another instance's view sees the event (an eviction alone could reload
     * the old row and keep it until the next event).
     */
    public void replace(ChatUser user) {
        byId.put(user.id(), CompletableFuture.completedFuture(user));
    }
}
