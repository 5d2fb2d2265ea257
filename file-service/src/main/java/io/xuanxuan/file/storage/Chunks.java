package io.xuanxuan.file.storage;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Re-cuts a stream of buffers into chunks of exactly {@code size} bytes (the last one shorter, and at least
 * one chunk, possibly empty, for an empty stream). Only the chunk being filled is held; every buffer is
 * copied once and released at once.
 */
final class Chunks {

    /** A chunk: {@code bytes[0, length)}. */
    record Chunk(byte[] bytes, int length) {
    }

    private final int size;
    private byte[] current;
    private int filled;
    private boolean emitted;

    private Chunks(int size) {
        this.size = size;
    }

    static Flux<Chunk> of(Flux<DataBuffer> content, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        return Flux.defer(() -> {
            Chunks chunks = new Chunks(size);
            return content.concatMapIterable(chunks::add, 1)
                    .concatWith(Mono.fromSupplier(chunks::rest))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    private List<Chunk> add(DataBuffer buffer) {
        List<Chunk> full = new ArrayList<>(1);
        try {
            while (buffer.readableByteCount() > 0) {
                if (current == null) {
                    current = new byte[size];
                    filled = 0;
                }
                int n = Math.min(size - filled, buffer.readableByteCount());
                buffer.read(current, filled, n);
                filled += n;
                if (filled == size) {
                    full.add(new Chunk(current, filled));
                    emitted = true;
                    current = null;
                    filled = 0;
                }
            }
        } finally {
            DataBufferUtils.release(buffer);
        }
        return full;
    }

    /** The partly filled last chunk, or an empty chunk if nothing was emitted at all; else nothing. */
    private Chunk rest() {
        if (current != null && filled > 0) {
            Chunk last = new Chunk(current, filled);
            current = null;
            return last;
        }
        return emitted ? null : new Chunk(new byte[0], 0);
    }
}
