package io.xuanxuan.gateway.liveness;

import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.gateway.delivery.DeliveryWriter;
import io.xuanxuan.model.bus.GatewayHeartbeat;
import io.xuanxuan.model.bus.Topics;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Announces this gateway on the bus ({@link GatewayHeartbeat} on {@link Topics#GATEWAYS}): at start and
 * then at every interval while it runs, and "stopping" when it shuts down normally. Presence takes the
 * users of a gateway it stops hearing from offline, so a gateway that dies without closing its
 * connections does not leave them online forever.
 *
 * <p>Starts with the delivery writer, before the web server accepts sockets, and stops after it: the
 * first heartbeat is out before the first login, the last one after the last connection closed.
 */
public class HeartbeatPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final MessageBus bus;
    private final String gatewayId;
    private final String instanceId = UUID.randomUUID().toString();
    private final Duration interval;
    private final Duration publishTimeout;
    private volatile Disposable beating;

    public HeartbeatPublisher(MessageBus bus, String gatewayId, Duration interval, Duration publishTimeout) {
        this.bus = bus;
        this.gatewayId = gatewayId;
        this.interval = interval;
        this.publishTimeout = publishTimeout;
    }

    @Override
    public synchronized void start() {
        if (beating != null) {
            return;
        }
        // a missed beat is only logged: the next one follows an interval later, and presence waits
        // several intervals before it gives up on a gateway
        beating = Flux.interval(Duration.ZERO, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> publish(GatewayHeartbeat.alive(gatewayId, instanceId, interval.toMillis(),
                        System.currentTimeMillis()))
                        .timeout(publishTimeout)
                        .onErrorResume(error -> {
                            log.warn("gateway {}: heartbeat not published: {}", gatewayId, error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
        log.info("gateway {} announces itself on {} every {}", gatewayId, Topics.GATEWAYS, interval);
    }

    @Override
    public synchronized void stop() {
        if (beating == null) {
            return;
        }
        beating.dispose();
        beating = null;
        try {
            // shutdown runs on the context's thread: waiting here for the last record is the point
            publish(GatewayHeartbeat.stopping(gatewayId, instanceId, System.currentTimeMillis()))
                    .block(publishTimeout);
            log.info("gateway {} announced that it is stopping", gatewayId);
        } catch (RuntimeException e) {
            // presence then finds out by the timeout
            log.warn("gateway {}: could not announce that it is stopping: {}", gatewayId, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return beating != null;
    }

    @Override
    public int getPhase() {
        return DeliveryWriter.PHASE;
    }

    private Mono<Void> publish(GatewayHeartbeat heartbeat) {
        return Mono.defer(() -> bus.publish(Topics.GATEWAYS, gatewayId, heartbeat));
    }
}
