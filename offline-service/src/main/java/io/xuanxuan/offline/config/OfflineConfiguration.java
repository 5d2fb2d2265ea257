package io.xuanxuan.offline.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.offline.api.OfflineCommandHandler;
import io.xuanxuan.offline.event.OfflineConsumers;
import io.xuanxuan.bus.config.BusProperties;
import io.xuanxuan.offline.store.LiveConnectionStore;
import io.xuanxuan.offline.store.OfflineQueueStore;
import io.xuanxuan.service.store.ServiceMigration;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The offline service: the per-user queue ({@code im_usermessage}) of pushes that are not chat messages,
 * with the document's levels, flushed at login. Chat messages are chat-service's (sequence numbers and
 * member cursors).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OfflineProperties.class)
public class OfflineConfiguration {

    @Bean
    public ServiceMigration offlineMigration() {
        return ServiceMigration.forService(ServiceName.OFFLINE.id());
    }

    @Bean
    public OfflineQueueStore offlineQueueStore(DatabaseClient db) {
        return new OfflineQueueStore(db);
    }

    @Bean
    public LiveConnectionStore liveConnectionStore(DatabaseClient db, BusProperties bus) {
        // one process holds every offline command only on the in-process bus
        return new LiveConnectionStore(db, bus.type() == BusProperties.Type.IN_PROCESS);
    }

    @Bean
    public OfflineCommandHandler offlineCommandHandler(OfflineQueueStore queue, LiveConnectionStore live,
                                                       MessageBus bus, Clock clock, OfflineProperties properties) {
        return new OfflineCommandHandler(queue, live, bus, clock, properties.getFlushBatch());
    }

    @Bean
    public OfflineConsumers offlineConsumers(MessageBus bus, OfflineCommandHandler handler) {
        return new OfflineConsumers(bus, handler);
    }

    /** {@code xuanxuan.offline.queue.depth}: pushes waiting in all offline queues, sampled every 15 s. */
    @Bean(destroyMethod = "dispose")
    public Disposable offlineQueueDepthGauge(ObjectProvider<MeterRegistry> meters, OfflineQueueStore queue) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry == null) {
            return () -> { };
        }
        AtomicLong depth = new AtomicLong();
        Gauge.builder("xuanxuan.offline.queue.depth", depth, AtomicLong::get)
                .description("Pushes waiting in the offline queues").register(registry);
        return Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(15))
                .onBackpressureDrop() // a slow database skips a reading instead of failing the gauge with an ERROR
                .concatMap(tick -> queue.depth().onErrorResume(error -> reactor.core.publisher.Mono.empty()))
                .subscribe(depth::set);
    }
}
