package io.xuanxuan.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

class BoundedQueueTest {

    @Test
    void refusesBeyondItsBoundAndTakesAgainAfterPolls() {
        BoundedQueue<String> queue = new BoundedQueue<>(2);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isTrue();
        assertThat(queue.offer("c")).isFalse();
        assertThat(queue).hasSize(2);
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.offer("c")).isTrue();
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.size()).isZero();
    }

    @Test
    void clearFreesTheRoom() {
        BoundedQueue<Integer> queue = new BoundedQueue<>(3);
        queue.offer(1);
        queue.offer(2);
        queue.offer(3);
        queue.clear();
        assertThat(queue.size()).isZero();
        assertThat(queue.offer(4)).isTrue();
        assertThatThrownBy(() -> {
            var it = queue.iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void neverHoldsMoreThanItsBoundUnderConcurrentOffers() throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(1000);
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    if (queue.offer(i)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(accepted.get()).isEqualTo(1000);
        assertThat(queue.size()).isEqualTo(1000);
    }

    @Test
    void aUnicastSinkOverflowsWhenTheBoundIsReached() {
        Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer(new BoundedQueue<>(2));
        // a subscriber that takes nothing: a client that does not read
        sink.asFlux().subscribe(new reactor.core.publisher.BaseSubscriber<String>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            }
        });
        assertThat(sink.tryEmitNext("a").isSuccess()).isTrue();
        assertThat(sink.tryEmitNext("b").isSuccess()).isTrue();
        assertThat(sink.tryEmitNext("c")).isEqualTo(Sinks.EmitResult.FAIL_OVERFLOW);
    }
}
