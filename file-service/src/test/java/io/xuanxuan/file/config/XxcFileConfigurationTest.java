package io.xuanxuan.file.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.xuanxuan.file.api.FileHttpHandler;
import io.xuanxuan.file.api.XxcCors;
import io.xuanxuan.file.api.XxcFileHttpHandler;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.store.FileSessionStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code xuanxuan.xxc.enabled}: the 2.x clients' routes and their CORS filter exist by default, and not at all when off. */
class XxcFileConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(XxcFileConfiguration.class)
            .withBean(FileXxcProperties.class, () -> new FileXxcProperties("", true, Duration.ofHours(24), 10))
            .withBean(FileSessionStore.class, () -> mock(FileSessionStore.class))
            .withBean(FileService.class, () -> mock(FileService.class))
            .withBean(FileHttpHandler.class, () -> mock(FileHttpHandler.class))
            .withBean(Clock.class, Clock::systemUTC);

    @Test
    void theRoutesAndTheirCorsAreThereByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean("xxcFileRoutes");
            assertThat(context).hasSingleBean(XxcFileHttpHandler.class);
            assertThat(context).hasSingleBean(XxcCors.class);
        });
    }

    @Test
    void disabledLeavesNeitherRouteNorFilter() {
        runner.withPropertyValues("xuanxuan.xxc.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("xxcFileRoutes");
            assertThat(context).doesNotHaveBean(XxcFileHttpHandler.class);
            assertThat(context).doesNotHaveBean(XxcCors.class);
        });
    }
}
