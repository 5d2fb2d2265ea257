package io.xuanxuan.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CacheLoadsTest {

    /*
     * The read of KEY uses the cache for a key of the same bin of the cache's map while it is being
     * subscribed, as a database read does when the pool hands it a connection freed by another read whose
     * caller then reads the cache.
     */
    private static final int KEY = 1;

    private static AsyncCache<Integer, String> newCache() {
        return Caffeine.newBuilder().maximumSize(100).buildAsync();
    }

    /** A key whose load, started inside the load of KEY the way the store did, fails with "Recursive update". */
    private static int sameBinKey() {
        for (int candidate = 2; candidate < 100_000; candidate++) {
            AsyncCache<Integer, String> cache = newCache();
            int other = candidate;
            try {
                cache.get(KEY, (k, executor) -> cache.get(other, (k2, e2) ->
                        CompletableFuture.completedFuture("other")).thenApply(o -> "one+" + o)).join();
            } catch (IllegalStateException e) {
                if (String.valueOf(e.getMessage()).contains("Recursive update")) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no key shares a bin with " + KEY);
    }

    @Test
    void aReadThatUsesTheCacheWhileItStartsDoesNotFailTheLoad() throws Exception {
        int sameBin = sameBinKey();
        AsyncCache<Integer, String> cache = newCache();
        CompletableFuture<String> outer = CacheLoads.shared(cache, KEY, () -> Mono.fromFuture(
                CacheLoads.shared(cache, sameBin, () -> Mono.just("other"))).map(other -> "one+" + other));

        assertThat(outer.get(5, TimeUnit.SECONDS)).isEqualTo("one+other");
        assertThat(cache.getIfPresent(KEY).get()).isEqualTo("one+other");
        assertThat(cache.getIfPresent(sameBin).get()).isEqualTo("other");
    }

    @Test
    void anEmptyOrFailedReadIsNotKept() {
        AsyncCache<Integer, String> cache = Caffeine.newBuilder().maximumSize(100).buildAsync();
        assertThat(CacheLoads.shared(cache, KEY, Mono::empty).join()).isNull();
        assertThat(cache.getIfPresent(KEY)).isNull();
        CompletableFuture<String> failed = CacheLoads.shared(cache, KEY, () -> Mono.error(new IllegalStateException("down")));
        assertThat(failed).isCompletedExceptionally();
        assertThat(cache.getIfPresent(KEY)).isNull();
        assertThat(CacheLoads.shared(cache, KEY, () -> Mono.just("again")).join()).isEqualTo("again");
    }
}
