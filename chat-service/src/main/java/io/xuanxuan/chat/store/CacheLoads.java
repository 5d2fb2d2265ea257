package io.xuanxuan.chat.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Loads into an {@link AsyncCache} from a database read, one load per key shared by every reader, with the
 * read started only after the cache's entry is in place.
 *
 * <p>Why not {@code cache.get(key, (k, executor) -> read.toFuture())}: the mapping function runs inside the
 * cache's {@code ConcurrentHashMap.compute}, and subscribing to an R2DBC read there can run other readers'
 * code on this thread (the pool hands a freed connection to a waiting read, whose completion continues its
 * caller's chain synchronously). A caller that reads the cache again then hits the same map bin: Java's
 * map throws "Recursive update", and the request failed (seen in the benchmark: every {@code create} of
 * 50 one-to-one chats at once answered "could not complete this request").
 */
final class CacheLoads {

    private CacheLoads() {
    }

    /** The cached value's future, or a new load's: empty (null) and failed loads are not kept. */
    static <K, V> CompletableFuture<V> shared(AsyncCache<K, V> cache, K key, Supplier<Mono<V>> read) {
        CompletableFuture<V> cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> raced = cache.asMap().putIfAbsent(key, mine);
        if (raced != null) {
            return raced;
        }
        // outside the map's lock: whatever completes on this thread now may use the cache freely
        read.get().subscribe(mine::complete, mine::completeExceptionally, () -> mine.complete(null));
        return mine;
    }
}
