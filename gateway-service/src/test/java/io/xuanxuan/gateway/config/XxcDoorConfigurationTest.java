package io.xuanxuan.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.model.xxc.XxcDoor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/** {@code xuanxuan.xxc.enabled}: the 2.x clients' door has its route unless it is false. Without a gateway. */
class XxcDoorConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(XxcDoorConfiguration.class)
            .withBean(GatewayProperties.class, () -> TestGatewayProperties.of(Map.of()))
            .withBean(ConnectionRegistry.class, () -> new ConnectionRegistry("cfgtest"))
            .withBean(CommandGate.class, () -> mock(CommandGate.class))
            .withBean(CommandPublisher.class, () -> mock(CommandPublisher.class))
            .withBean(GatewayMetrics.class, () -> new GatewayMetrics(null));

    @Test
    void theDoorHasItsRouteByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(HandlerMapping.class);
            assertThat(((SimpleUrlHandlerMapping) context.getBean(HandlerMapping.class)).getUrlMap())
                    .containsOnlyKeys(XxcDoor.PATH);
        });
    }

    @Test
    void enabledFalseLeavesNoRoute() {
        runner.withPropertyValues("xuanxuan.xxc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HandlerMapping.class));
    }

    @Test
    void aSecretTooShortStopsTheStartWithThePropertysName() {
        runner.withPropertyValues("xuanxuan.xxc.secret=short")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("xuanxuan.xxc.secret"));
    }
}
