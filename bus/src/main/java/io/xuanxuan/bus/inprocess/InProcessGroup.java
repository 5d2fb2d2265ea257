package io.xuanxuan.bus.inprocess;

import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** One consumer group on one topic: its partition workers, each fed the keys that hash to it. */
final class InProcessGroup {

    private final String name;
    private final PartitionWorker[] partitions;
    private volatile boolean closed;
    /** Takes this group's backlog out of the consumer lag gauge once closed. */
    private volatile AutoCloseable lagGauge = () -> { };

    InProcessGroup(String topic, String name, InProcessBusSettings settings, Scheduler scheduler,
                   Function<InProcessGroup, Function<Envelope, Mono<Void>>> processorFactory) {
        this.name = name;
        Function<Envelope, Mono<Void>> processor = processorFactory.apply(this);
        this.partitions = new PartitionWorker[settings.partitions()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new PartitionWorker(topic + "/" + name + "#" + i, settings.capacity(), scheduler,
                    processor);
        }
    }

    String name() {
        return name;
    }

    boolean isClosed() {
        return closed;
    }

    /** @see PartitionWorker#offer */
    boolean offer(Envelope envelope, PendingPublish publish) {
        return partitions[partitionOf(envelope.key(), partitions.length)].offer(envelope, publish);
    }

    void close(Throwable parkedError) {
        closed = true;
        for (PartitionWorker partition : partitions) {
            partition.close(parkedError);
        }
        try {
            lagGauge.close();
        } catch (Exception e) {
            // removing a supplier from a set does not fail
        }
    }

    /** The records queued, parked and running in all partitions: what the group has not handled yet. */
    long backlog() {
        long sum = 0;
        for (PartitionWorker partition : partitions) {
            sum += partition.backlog();
        }
        return sum;
    }

    void lagGauge(AutoCloseable registration) {
        this.lagGauge = registration;
    }

    static int partitionOf(String key, int partitions) {
        return Math.floorMod(key.hashCode(), partitions);
    }
}
