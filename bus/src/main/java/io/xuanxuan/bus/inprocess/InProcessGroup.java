package io.xuanxuan.bus.inprocess;

import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** One consumer group on one topic: its partition workers, each fed the keys that hash to it. */
final class InProcessGroup {

    private final String name;
    private final PartitionWorker[] partitions;
    private volatile boolean closed;

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
    }

    static int partitionOf(String key, int partitions) {
        return Math.floorMod(key.hashCode(), partitions);
    }
}
