package io.xuanxuan.offline.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** {@code xuanxuan.offline.*} binds with its defaults, and a value out of range stops the start-up, saying why. */
class OfflinePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OfflineProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void defaultsAndOverrides() {
        runner.run(context -> assertThat(context.getBean(OfflineProperties.class).flushBatch()).isEqualTo(200));
        assertThat(OfflineProperties.defaults().flushBatch()).isEqualTo(200);
        runner.withPropertyValues("xuanxuan.offline.flush-batch=50")
                .run(context -> assertThat(context.getBean(OfflineProperties.class).flushBatch()).isEqualTo(50));
    }

    @Test
    void aFlushBatchBelowOneFailsTheStartWithThePropertyAndTheRule() {
        runner.withPropertyValues("xuanxuan.offline.flush-batch=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("flushBatch")
                    .hasMessageContaining("must be greater than or equal to 1");
        });
    }
}
