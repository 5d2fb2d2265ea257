package io.xuanxuan.file;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty allocator for a test server that remembers every buffer it hands out (unpooled, without Netty's
 * leak detector), so a test can see afterwards that each one was released: a buffer still
 * referenced once the server is closed was leaked. A buffer released twice throws
 * {@code IllegalReferenceCountException} where it happens and fails the request.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(false, true);
    private final List<ByteBuf> handedOut = new ArrayList<>();

    public TrackingAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(delegate.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buffer) {
        synchronized (handedOut) {
            handedOut.add(buffer);
        }
        return buffer;
    }

    /** How many buffers were handed out. */
    public int allocated() {
        synchronized (handedOut) {
            return handedOut.size();
        }
    }

    /** The buffers handed out and not (yet) released. */
    public List<ByteBuf> unreleased() {
        synchronized (handedOut) {
            return handedOut.stream().filter(buffer -> buffer.refCnt() > 0).toList();
        }
    }
}
