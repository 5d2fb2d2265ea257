package io.xuanxuan.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The {@link BlobStore} contract, run against every adapter. Content arrives as Netty buffers of odd sizes
 * (as from a request body), so the tests also see that each buffer is released.
 */
abstract class BlobStoreContract {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** More than two MinIO parts (5 MiB): the multipart path with a short last part. */
    static final int BIG = 12 * 1024 * 1024 + 12345;

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
    private final List<NettyDataBuffer> handedOut = new ArrayList<>();

    abstract BlobStore store();

    /** Every object and temporary/partial object the backend holds, by name. */
    abstract List<String> storedNames() throws Exception;

    static String key() {
        return ObjectKeys.newKey(Clock.systemUTC());
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** The bytes as buffers of 8191 bytes (not a divisor of any part size). */
    Flux<DataBuffer> content(byte[] data) {
        return content(data, 8191);
    }

    /** The bytes as buffers of {@code size} bytes. */
    Flux<DataBuffer> content(byte[] data, int size) {
        return Flux.range(0, (data.length + size - 1) / size)
                .map(i -> {
                    int from = i * size;
                    int to = Math.min(data.length, from + size);
                    NettyDataBuffer buffer = buffers.allocateBuffer(to - from);
                    buffer.write(data, from, to - from);
                    synchronized (handedOut) {
                        handedOut.add(buffer);
                    }
                    return (DataBuffer) buffer;
                });
    }

    boolean allReleased() {
        synchronized (handedOut) {
            return handedOut.stream().allMatch(buffer -> buffer.getNativeBuffer().refCnt() == 0);
        }
    }

    void assertAllReleased() {
        synchronized (handedOut) {
            assertThat(handedOut).allSatisfy(buffer -> assertThat(buffer.getNativeBuffer().refCnt())
                    .as("buffer released by the store").isZero());
        }
    }

    /** Regular files under a directory, relative; retried while files vanish during the walk (clean-up running). */
    static List<String> filesUnder(java.nio.file.Path dir) throws Exception {
        for (int attempt = 0; ; attempt++) {
            if (!java.nio.file.Files.exists(dir)) {
                return List.of();
            }
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                return files.filter(java.nio.file.Files::isRegularFile).map(path -> dir.relativize(path).toString())
                        .sorted().toList();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt > 20) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    byte[] read(String key, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store().read(key, offset, length).doOnNext(buffer -> {
            byte[] chunk = new byte[buffer.readableByteCount()];
            buffer.read(chunk);
            out.writeBytes(chunk);
            DataBufferUtils.release(buffer);
        }).blockLast(TIMEOUT);
        return out.toByteArray();
    }

    @Test
    void aMultiMegabyteObjectComesBackByteIdenticalWithItsSize() {
        byte[] data = bytes(BIG, 1);
        String key = key();
        assertThat(store().put(key, content(data), "application/octet-stream").block(TIMEOUT)).isEqualTo(BIG);
        assertThat(store().size(key).block(TIMEOUT)).isEqualTo(BIG);
        assertThat(read(key, 0, -1)).isEqualTo(data);
        assertAllReleased();
    }

    @Test
    void smallAndEmptyObjects() {
        byte[] small = bytes(100, 2);
        String smallKey = key();
        String emptyKey = key();
        assertThat(store().put(smallKey, content(small), "text/plain").block(TIMEOUT)).isEqualTo(100);
        assertThat(store().put(emptyKey, Flux.empty(), null).block(TIMEOUT)).isZero();
        assertThat(read(smallKey, 0, -1)).isEqualTo(small);
        assertThat(read(emptyKey, 0, -1)).isEmpty();
        assertThat(store().size(emptyKey).block(TIMEOUT)).isZero();
    }

    @Test
    void rangesReadExactlyTheirBytes() {
        byte[] data = bytes(BIG, 3);
        String key = key();
        store().put(key, content(data), null).block(TIMEOUT);
        // inside the first part, across the 5 MiB part boundary, to the end, the last byte, the first byte
        assertThat(read(key, 1000, 5000)).isEqualTo(Arrays.copyOfRange(data, 1000, 6000));
        int boundary = 5 * 1024 * 1024;
        assertThat(read(key, boundary - 10, 20)).isEqualTo(Arrays.copyOfRange(data, boundary - 10, boundary + 10));
        assertThat(read(key, BIG - 777, -1)).isEqualTo(Arrays.copyOfRange(data, BIG - 777, BIG));
        assertThat(read(key, BIG - 1, 1)).containsExactly(data[BIG - 1]);
        assertThat(read(key, 0, 1)).containsExactly(data[0]);
        assertThat(read(key, 10, 0)).isEmpty();
        assertThat(read(key, BIG, -1)).as("from the end").isEmpty();
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        String key = key();
        store().put(key, content(bytes(5000, 4)), null).block(TIMEOUT);
        store().delete(key).block(TIMEOUT);
        assertThat(store().size(key).blockOptional(TIMEOUT)).isEmpty();
        assertThatThrownBy(() -> read(key, 0, -1)).isInstanceOf(BlobNotFoundException.class);
        store().delete(key).block(TIMEOUT);
        assertThat(storedNames()).noneMatch(name -> name.contains(key.substring(8)));
    }

    @Test
    void aMissingObjectHasNoSizeAndCannotBeRead() {
        String key = key();
        assertThat(store().size(key).blockOptional(TIMEOUT)).isEmpty();
        assertThatThrownBy(() -> read(key, 0, -1)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> read(key, 5, 10)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> read(key, 0, 0)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void contentThatFailsMidwayLeavesNothing() throws Exception {
        List<String> before = storedNames();
        for (int size : new int[] {100_000, BIG}) {
            String key = key();
            Flux<DataBuffer> failing = content(bytes(size, 5))
                    .concatWith(Mono.error(new IllegalStateException("client went away")));
            assertThatThrownBy(() -> store().put(key, failing, null).block(TIMEOUT))
                    .hasMessageContaining("client went away");
            assertThat(store().size(key).blockOptional(TIMEOUT)).isEmpty();
        }
        assertThat(storedNames()).containsExactlyInAnyOrderElementsOf(before);
        assertAllReleased();
    }

    @Test
    void aCancelledWriteLeavesNothing() throws Exception {
        List<String> before = storedNames();
        String key = key();
        // 7 MiB arrive, then nothing more: the writer is waiting for bytes when it is cancelled
        Sinks.Many<DataBuffer> more = Sinks.many().unicast().onBackpressureBuffer();
        AtomicLong seen = new AtomicLong();
        Flux<DataBuffer> stalled = content(bytes(7 * 1024 * 1024, 6)).concatWith(more.asFlux())
                .doOnNext(buffer -> seen.addAndGet(buffer.readableByteCount()));
        var subscription = store().put(key, stalled, null).subscribe();
        await().atMost(TIMEOUT).until(() -> seen.get() >= 7 * 1024 * 1024);
        Thread.sleep(300); // the store is mid-write, waiting for more: that is where the cancel must land
        subscription.dispose();
        // clean-up after a cancel runs in the background
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(storedNames())
                .containsExactlyInAnyOrderElementsOf(before));
        assertThat(store().size(key).blockOptional(TIMEOUT)).isEmpty();
    }

    /**
     * A write cancelled while the store is still writing a buffer (one large buffer, so the cancel lands
     * while it is in flight): the buffer is still released, once. With the buffer handed to an
     * asynchronous file write and released after its completion, a completion arriving after the cancel
     * was dropped and the buffer leaked.
     */
    @Test
    void aWriteCancelledWhileABufferIsInFlightReleasesIt() throws Exception {
        List<String> before = storedNames();
        for (int round = 0; round < 5; round++) {
            String key = key();
            java.util.concurrent.CountDownLatch handedOver = new java.util.concurrent.CountDownLatch(1);
            Sinks.Many<DataBuffer> more = Sinks.many().unicast().onBackpressureBuffer();
            Flux<DataBuffer> content = content(bytes(4 * 1024 * 1024, round), 4 * 1024 * 1024)
                    .doOnNext(buffer -> handedOver.countDown())
                    .concatWith(more.asFlux());
            var subscription = store().put(key, content, null).subscribe();
            assertThat(handedOver.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            subscription.dispose();
            await().atMost(Duration.ofSeconds(20)).until(() -> storedNames().equals(before) && allReleased());
            assertThat(store().size(key).blockOptional(TIMEOUT)).isEmpty();
        }
        assertThat(storedNames()).containsExactlyInAnyOrderElementsOf(before);
        assertAllReleased();
    }

    @Test
    void listFindsEveryObjectUnderItsKeyAndRemoveRemovesIt() throws Exception {
        String first = key();
        String second = key();
        store().put(first, content(bytes(100, 1)), "text/plain").block(TIMEOUT);
        store().put(second, content(bytes(0, 2)), "text/plain").block(TIMEOUT);
        List<StoredObject> listed = store().list().collectList().block(TIMEOUT);
        assertThat(listed).extracting(StoredObject::key).containsExactlyInAnyOrder(first, second);
        assertThat(listed).allSatisfy(object -> {
            assertThat(object.temporary()).isFalse();
            assertThat(object.lastModified()).isBefore(java.time.Instant.now().plusSeconds(3600))
                    .isAfter(java.time.Instant.now().minusSeconds(3600));
        });
        StoredObject gone = listed.stream().filter(object -> object.key().equals(first)).findFirst().orElseThrow();
        store().remove(gone).block(TIMEOUT);
        store().remove(gone).block(TIMEOUT);
        assertThat(store().list().map(StoredObject::key).collectList().block(TIMEOUT)).containsExactly(second);
        assertThat(store().size(second).block(TIMEOUT)).isZero();
    }

    @Test
    void anEmptyStoreListsNothing() {
        assertThat(store().list().collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    void keysMustBeTheServersOwn() {
        for (String bad : List.of("../etc/passwd", "2026/11/../../x", "/abs", "", "2026/11/not-a-uuid")) {
            assertThatThrownBy(() -> store().put(bad, Flux.empty(), null).block(TIMEOUT))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void manyWritesAtOnce() {
        List<String> keys = new ArrayList<>();
        List<Mono<Long>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = key();
            keys.add(key);
            writes.add(store().put(key, content(bytes(300_000 + i, 100 + i)), null));
        }
        Flux.merge(writes).blockLast(TIMEOUT);
        for (int i = 0; i < 8; i++) {
            assertThat(read(keys.get(i), 0, -1)).isEqualTo(bytes(300_000 + i, 100 + i));
        }
        assertAllReleased();
    }
}
