package io.xuanxuan.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

/** {@code xuanxuan.gateway.web-client.enabled}: the browser client's routes exist unless it is false. */
class WebClientConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(WebClientConfiguration.class);

    @Test
    void theWebClientIsServedByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(RouterFunction.class));
    }

    @Test
    void enabledFalseServesNoWebClient() {
        runner.withPropertyValues("xuanxuan.gateway.web-client.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RouterFunction.class));
    }
}
