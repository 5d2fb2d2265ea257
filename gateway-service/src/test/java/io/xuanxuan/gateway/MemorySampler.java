package io.xuanxuan.gateway;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, every millisecond until stopped, the memory Netty's default allocator holds (direct and heap: where
 * the server's decoders keep bytes not yet cut into frames or lines) and the JVM heap in use, and reports the
 * values at the start (after a GC), the peaks, and the heap after a GC at the end. For tests that show a server
 * does not keep what a client floods it with; the allocator's figure is the one to bound (the heap's moves with
 * every allocation of the test JVM and is printed only).
 */
final class MemorySampler {

    record Report(long allocatorBefore, long allocatorPeak, long heapBefore, long heapPeak, long heapAfter) {
        long allocatorGrowth() {
            return allocatorPeak - allocatorBefore;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Netty allocator %.1f MiB before, %.1f MiB at peak (+%.1f MiB); "
                            + "heap %.1f MiB before, %.1f MiB at peak, %.1f MiB after a GC", mib(allocatorBefore),
                    mib(allocatorPeak), mib(allocatorGrowth()), mib(heapBefore), mib(heapPeak), mib(heapAfter));
        }

        private static double mib(long bytes) {
            return bytes / 1024.0 / 1024.0;
        }
    }

    private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong allocatorPeak = new AtomicLong();
    private final AtomicLong heapPeak = new AtomicLong();
    private final long allocatorBefore;
    private final long heapBefore;
    private final Thread thread;

    private MemorySampler() {
        System.gc();
        heapBefore = heapUsed();
        allocatorBefore = allocatorUsed();
        allocatorPeak.set(allocatorBefore);
        heapPeak.set(heapBefore);
        thread = new Thread(this::sample, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static MemorySampler start() {
        return new MemorySampler();
    }

    private void sample() {
        while (running.get()) {
            allocatorPeak.accumulateAndGet(allocatorUsed(), Math::max);
            heapPeak.accumulateAndGet(heapUsed(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Report stop() throws InterruptedException {
        running.set(false);
        thread.join();
        allocatorPeak.accumulateAndGet(allocatorUsed(), Math::max);
        System.gc();
        return new Report(allocatorBefore, allocatorPeak.get(), heapBefore, heapPeak.get(), heapUsed());
    }

    private static long heapUsed() {
        return HEAP.getHeapMemoryUsage().getUsed();
    }

    private static long allocatorUsed() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        throw new IllegalStateException("Netty's default allocator has no metric: " + ByteBufAllocator.DEFAULT);
    }
}
