package io.xuanxuan.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.command.InFlightCommands;
import io.xuanxuan.gateway.delivery.CursorBatcher;
import io.xuanxuan.gateway.delivery.DeliveryWriter;
import io.xuanxuan.gateway.liveness.HeartbeatPublisher;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.ChannelCapturingUpgradeStrategy;
import io.xuanxuan.gateway.transport.ConnectionDrain;
import io.xuanxuan.gateway.transport.ConnectionLimits;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.gateway.transport.GatewayWebSocketHandler;
import io.xuanxuan.gateway.transport.LegacyTcpServer;
import io.xuanxuan.gateway.transport.LimitedHandshakeWebSocketService;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

/**
 * The gateway, for an application to import: {@code @Import(GatewayConfiguration.class)}. Needs a
 * {@link MessageBus} bean from the application (in-process or Kafka) and a Reactor Netty web server
 * (spring-boot-starter-webflux); uses a {@link MeterRegistry} if there is one.
 *
 * <p>Reading order for a newcomer: transport ({@link GatewayWebSocketHandler}) turns sockets into
 * frames; command ({@link CommandGate}) turns frames into commands on the bus; delivery
 * ({@link DeliveryWriter}) turns the services' deliveries back into frames.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@Import({WebClientConfiguration.class, XxcDoorConfiguration.class})
public class GatewayConfiguration {

    /** Before annotated controllers and router functions, so nothing shadows the WebSocket path. */
    static final int HANDLER_MAPPING_ORDER = -10;

    /** Before WebFlux's own WebSocket adapter (order 3), which has no frame limit of ours. */
    static final int HANDLER_ADAPTER_ORDER = 1;

    @Bean
    GatewayMetrics gatewayMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new GatewayMetrics(meterRegistry.getIfAvailable());
    }

    @Bean
    ConnectionRegistry gatewayConnectionRegistry(GatewayProperties properties, GatewayMetrics metrics) {
        ConnectionRegistry registry = new ConnectionRegistry(properties.id());
        metrics.connectionsGauge(registry::size);
        return registry;
    }

    @Bean
    ConnectionLimits gatewayConnectionLimits(GatewayProperties properties, GatewayMetrics metrics) {
        ConnectionLimits limits = new ConnectionLimits(properties.maxConnectionsPerAddress(),
                properties.maxUnauthenticatedConnections());
        metrics.unauthenticatedGauge(limits::unauthenticated);
        return limits;
    }

    @Bean
    CommandPublisher gatewayCommandPublisher(MessageBus bus, GatewayProperties properties, GatewayMetrics metrics) {
        return new CommandPublisher(bus, properties, metrics);
    }

    /** Admission control: the bound on commands in flight; a closed connection's commands stop counting. */
    @Bean
    InFlightCommands gatewayInFlightCommands(GatewayProperties properties, ConnectionRegistry registry,
                                             GatewayMetrics metrics) {
        InFlightCommands inFlight = new InFlightCommands(properties.maxInFlight(), properties.inFlightTimeout());
        registry.onEnded(connection -> inFlight.connectionEnded(connection.id()));
        metrics.inFlightMeters(inFlight::inFlight, inFlight::expiredCount);
        return inFlight;
    }

    @Bean
    CommandGate gatewayCommandGate(GatewayProperties properties, CommandPublisher publisher, InFlightCommands inFlight,
                                   GatewayMetrics metrics) {
        return new CommandGate(properties, publisher, inFlight, metrics);
    }

    /** The JSON door at {@code xuanxuan.gateway.path}; the 2.x clients' door is {@link XxcDoorConfiguration}'s. */
    @Bean
    GatewayWebSocketHandler gatewayWebSocketHandler(GatewayProperties properties, ConnectionRegistry registry,
                                                    CommandGate gate, CommandPublisher publisher,
                                                    GatewayMetrics metrics) {
        return new GatewayWebSocketHandler(properties, registry, gate, publisher, metrics);
    }

    @Bean
    CursorBatcher gatewayCursorBatcher(CommandPublisher publisher, GatewayProperties properties,
                                       GatewayMetrics metrics) {
        return new CursorBatcher(publisher, properties, metrics);
    }

    @Bean
    DeliveryWriter gatewayDeliveryWriter(MessageBus bus, GatewayProperties properties, ConnectionRegistry registry,
                                         CommandPublisher publisher, InFlightCommands inFlight, CursorBatcher cursors,
                                         GatewayMetrics metrics) {
        return new DeliveryWriter(bus, properties, registry, publisher, inFlight, cursors, metrics);
    }

    @Bean
    HeartbeatPublisher gatewayHeartbeatPublisher(MessageBus bus, GatewayProperties properties) {
        return new HeartbeatPublisher(bus, properties.id(), properties.heartbeatInterval(),
                properties.publishTimeout());
    }

    /** Closes the sockets at shutdown, spread over the drain period, before the web server stops. */
    @Bean
    ConnectionDrain gatewayConnectionDrain(GatewayProperties properties, ConnectionRegistry registry,
                                           ApplicationEventPublisher events, GatewayMetrics metrics) {
        return new ConnectionDrain(registry, properties.drainPeriod(), properties.closeTimeout(), events, metrics);
    }

    /**
     * The legacy TCP door of 1.0 clients ({@code xuanxuan.gateway.tcp.enabled}), bound to {@code tcp.address}, or
     * the HTTP server's address when that is empty.
     */
    @Bean
    @ConditionalOnProperty(name = "xuanxuan.gateway.tcp.enabled", havingValue = "true")
    LegacyTcpServer gatewayLegacyTcpServer(GatewayProperties properties, ConnectionRegistry registry, CommandGate gate,
                                           CommandPublisher publisher, ConnectionLimits limits, GatewayMetrics metrics,
                                           ConnectionDrain drain, Environment environment) {
        String address = !properties.tcp().address().isEmpty() ? properties.tcp().address()
                : environment.getProperty("server.address", "").trim();
        return new LegacyTcpServer(properties, address, registry, gate, publisher, limits, metrics, drain::isDraining);
    }

    @Bean
    HandlerMapping gatewayWebSocketHandlerMapping(GatewayProperties properties,
            @org.springframework.beans.factory.annotation.Qualifier("gatewayWebSocketHandler")
            GatewayWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(properties.path(), handler), HANDLER_MAPPING_ORDER);
    }

    /**
     * Upgrades {@code path} with Reactor Netty, frames limited to {@code maxFrameBytes} (a larger frame
     * is closed with 1009), within the connection limits (refused before the upgrade). Handles the gateway's handler only, so another
     * WebSocket endpoint of the application keeps its own settings.
     */
    @Bean
    WebSocketHandlerAdapter gatewayWebSocketHandlerAdapter(GatewayProperties properties, ConnectionLimits limits,
                                                           GatewayMetrics metrics, ConnectionDrain drain) {
        int maxFrameBytes = properties.maxFrameBytes();
        ChannelCapturingUpgradeStrategy upgrade = new ChannelCapturingUpgradeStrategy(maxFrameBytes,
                properties.closeTimeout());
        WebSocketHandlerAdapter adapter = new WebSocketHandlerAdapter(
                new LimitedHandshakeWebSocketService(upgrade, limits, metrics, drain::isDraining)) {
            @Override
            public boolean supports(Object handler) {
                return handler instanceof GatewayWebSocketHandler;
            }
        };
        adapter.setOrder(HANDLER_ADAPTER_ORDER);
        return adapter;
    }
}
