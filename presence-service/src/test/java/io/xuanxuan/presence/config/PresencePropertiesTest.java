package io.xuanxuan.presence.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** {@code xuanxuan.presence.*} binds with the documented defaults; a value out of range stops the start, saying why. */
class PresencePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PresenceProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Test
    void theDefaultsAreTheDocumentedOnesAndOverridesBind() {
        runner.run(context -> {
            PresenceProperties bound = context.getBean(PresenceProperties.class);
            assertThat(bound).isEqualTo(PresenceProperties.defaults());
            assertThat(bound.maxFailedLogins()).isEqualTo(5);
            assertThat(bound.lockDuration()).isEqualTo(Duration.ofMinutes(10));
            assertThat(bound.bcryptStrength()).isEqualTo(10);
            assertThat(bound.credentialCacheTtl()).isEqualTo(Duration.ofHours(12));
            assertThat(bound.credentialCacheSize()).isEqualTo(200_000);
            assertThat(bound.passwordThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(bound.passwordQueue()).isEqualTo(100);
            assertThat(bound.loginMaxWait()).isEqualTo(Duration.ofSeconds(10));
            assertThat(bound.gatewayTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(bound.gatewayCheckInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(bound.maxSettingsLength()).isEqualTo(16000);
            assertThat(bound.maxNameLength()).isEqualTo(100);
            assertThat(bound.demoData()).isTrue();
            assertThat(bound.resetSessionsOnStart()).isFalse();
            assertThat(bound.importFile()).isNull();
        });
        runner.withPropertyValues("xuanxuan.presence.password-threads=3", "xuanxuan.presence.lock-duration=1m",
                "xuanxuan.presence.import-file=/tmp/users.csv").run(context -> {
            PresenceProperties bound = context.getBean(PresenceProperties.class);
            assertThat(bound.passwordThreads()).isEqualTo(3);
            assertThat(bound.lockDuration()).isEqualTo(Duration.ofMinutes(1));
            assertThat(bound.importFile()).hasToString("/tmp/users.csv");
        });
    }

    @Test
    void aValueOutOfRangeFailsTheStartNamingThePropertyAndTheRule() {
        runner.withPropertyValues("xuanxuan.presence.bcrypt-strength=3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("bcryptStrength")
                    .hasMessageContaining("must be greater than or equal to 4");
        });
        runner.withPropertyValues("xuanxuan.presence.password-threads=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("passwordThreads")
                    .hasMessageContaining("must be greater than or equal to 1");
        });
    }
}
