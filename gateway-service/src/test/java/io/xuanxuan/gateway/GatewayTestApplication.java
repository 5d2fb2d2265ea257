package io.xuanxuan.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xuanxuan.gateway.config.GatewayConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The gateway as an application imports it, on the fake bus. */
@SpringBootApplication
@Import(GatewayConfiguration.class)
public class GatewayTestApplication {

    @Bean
    FakeMessageBus fakeMessageBus() {
        return new FakeMessageBus();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
