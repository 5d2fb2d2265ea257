package io.xuanxuan.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The gateway's settings are checked when bound: a value out of range stops the start-up, naming it. */
class GatewayPropertiesValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsBindAndPass() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.id()).matches("[0-9a-f]{8}");
            assertThat(properties.path()).isEqualTo("/ws");
            assertThat(properties.burst()).isEqualTo(200);
            assertThat(properties.drainPeriod()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.sync().maxHeld()).isZero();
            assertThat(properties.cursor().batchSize()).isEqualTo(5000);
        });
    }

    @Test
    void aValueOutOfRangeFailsTheBindingWithItsName() {
        runner.withPropertyValues("xuanxuan.gateway.max-frame-bytes=100", "xuanxuan.gateway.ping-interval=0s",
                        "xuanxuan.gateway.cursor.batch-size=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    String message = allMessages(context.getStartupFailure());
                    assertThat(message).contains("xuanxuan.gateway", "maxFrameBytes", "must be greater than or equal to 1024")
                            .contains("pingInterval", "must be positive")
                            .contains("cursor.batchSize");
                });
    }

    @Test
    void anIdThatCannotPrefixConnectionIdsIsRefused() {
        runner.withPropertyValues("xuanxuan.gateway.id=not an id!")
                .run(context -> assertThat(allMessages(context.getStartupFailure()))
                        .contains("id", "must be 1-64 letters, digits, '_' or '.'"));
    }

    private static String allMessages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            all.append(e.getMessage()).append('\n');
        }
        return all.toString();
    }
}
