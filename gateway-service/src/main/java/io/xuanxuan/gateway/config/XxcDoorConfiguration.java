package io.xuanxuan.gateway.config;

import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.dialect.xxc.EncryptedDoor;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.gateway.transport.GatewayWebSocketHandler;
import io.xuanxuan.model.xxc.XxcDoor;
import io.xuanxuan.model.xxc.XxcTokens;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * The 2.x clients' encrypted door at {@link XxcDoor#PATH} ({@code xuanxuan.xxc.enabled}, on by default): a second
 * {@link GatewayWebSocketHandler} on the gateway's HTTP port, with the {@link EncryptedDoor}; the same registry,
 * command gate, limits and upgrade as the JSON door ({@link GatewayConfiguration}'s adapter serves both).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(XxcProperties.class)
@ConditionalOnProperty(name = "xuanxuan.xxc.enabled", havingValue = "true", matchIfMissing = true)
public class XxcDoorConfiguration {

    @Bean
    GatewayWebSocketHandler gatewayXxcWebSocketHandler(GatewayProperties properties, XxcProperties xxc,
                                                       ConnectionRegistry registry, CommandGate gate,
                                                       CommandPublisher publisher, GatewayMetrics metrics) {
        XxcTokens tokens = XxcTokens.of(xxc.secret());
        if (tokens.processLocal()) {
            // right for the standalone server; apart, presence issues the tokens and every socket URL would be refused
            org.slf4j.LoggerFactory.getLogger(XxcDoorConfiguration.class).info("xuanxuan.xxc.secret is not set: the 2.x "
                    + "clients' door at {} accepts tokens issued in this process only (set it, the same everywhere, "
                    + "when the services run apart)", XxcDoor.PATH);
        }
        EncryptedDoor door = new EncryptedDoor(tokens, xxc.ticketMaxAge(),
                xxc.keepaliveInterval(), Clock.systemUTC(), metrics);
        return new GatewayWebSocketHandler(properties, registry, gate, publisher, metrics, door);
    }

    @Bean
    HandlerMapping gatewayXxcWebSocketHandlerMapping(
            @org.springframework.beans.factory.annotation.Qualifier("gatewayXxcWebSocketHandler")
            GatewayWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(XxcDoor.PATH, handler), GatewayConfiguration.HANDLER_MAPPING_ORDER);
    }
}
