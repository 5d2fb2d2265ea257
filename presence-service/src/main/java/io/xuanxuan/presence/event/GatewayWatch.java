package io.xuanxuan.presence.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.GatewayHeartbeat;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.presence.api.GatewayGoneHandler;
import io.xuanxuan.presence.domain.GatewayLiveness;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Listens to the gateways' heartbeats and, at every check, ends the sessions of the gateways that
 * stopped announcing themselves (see {@link GatewayLiveness}); a gateway that says it is stopping has its
 * sessions ended at once.
 *
 * <p>Every presence instance reads every heartbeat (a consumer group of its own), so each one knows
 * every gateway and a rebalance of a shared group can never make a live gateway look silent. Several
 * instances may then end the same gateway's sessions: ending one is a conditional delete, so only one
 * of them publishes each user's {@code logout}.
 */
public class GatewayWatch extends BusConsumer {

    private static final Logger log = LoggerFactory.getLogger(GatewayWatch.class);

    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final GatewayLiveness liveness;
    private final GatewayGoneHandler gone;
    private final Duration checkInterval;
    private final String group = "presence-gateways-" + UUID.randomUUID();
    private volatile Disposable checks;

    public GatewayWatch(MessageBus bus, GatewayLiveness liveness, GatewayGoneHandler gone, Duration checkInterval) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        // what a gone gateway's users publish takes the handlers' path: deliveries first, then the events
        this.publisher = new OutcomePublisher(bus);
        this.liveness = liveness;
        this.gone = gone;
        this.checkInterval = checkInterval;
    }

    @Override
    protected List<BusSubscription> subscribe() {
        BusSubscription heartbeats = bus.subscribe(Topics.GATEWAYS, group, GatewayHeartbeat.class, this::heard);
        checks = Flux.interval(checkInterval, checkInterval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> check()
                        .onErrorResume(error -> {
                            log.warn("gateway liveness check failed, trying again in {}: {}", checkInterval,
                                    error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
        return List.of(heartbeats, () -> checks.dispose());
    }

    /** The bus handler of a heartbeat. */
    public Mono<Void> heard(GatewayHeartbeat heartbeat) {
        if (liveness.heard(heartbeat)) {
            log.info("gateway {} is stopping: its users go offline", heartbeat.gatewayId());
            return end(heartbeat.gatewayId());
        }
        return Mono.empty();
    }

    /**
     * One check: gateways holding sessions are expected to announce themselves; those silent for the
     * timeout are gone.
     */
    public Mono<Void> check() {
        return gone.gatewaysHoldingSessions().collectList()
                .doOnNext(liveness::holdingSessions)
                .thenMany(Flux.defer(() -> Flux.fromIterable(liveness.expired())))
                .concatMap(gatewayId -> {
                    log.warn("gateway {} has not announced itself within the timeout: its users go offline",
                            gatewayId);
                    return end(gatewayId);
                })
                .then();
    }

    private Mono<Void> end(String gatewayId) {
        return gone.gatewayGone(gatewayId)
                .concatMap(publisher::publish)
                .count()
                .doOnNext(users -> {
                    if (users > 0) {
                        log.info("gateway {} gone: {} user(s) now offline", gatewayId, users);
                    }
                })
                .then();
    }
}
