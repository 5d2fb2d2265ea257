package io.xuanxuan.presence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.xuanxuan.presence.api.ServerInfoCors;
import io.xuanxuan.presence.api.ServerInfoHandler;
import io.xuanxuan.presence.domain.LoginService;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;

/** {@code xuanxuan.xxc.*} as presence reads it: the switch of {@code /serverInfo}, the defaults, bad values. */
class ServerInfoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ServerInfoConfiguration.class)
            .withBean(LoginService.class, () -> mock(LoginService.class))
            .withBean(Clock.class, Clock::systemUTC);

    @Test
    void serverInfoIsServedByDefaultWithTheDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RouterFunction.class).hasSingleBean(ServerInfoHandler.class)
                    .hasSingleBean(ServerInfoCors.class);
            PresenceXxcProperties properties = context.getBean(PresenceXxcProperties.class);
            assertThat(properties.uploadFileSize()).isEqualTo(DataSize.ofMegabytes(32));
            assertThat(properties.secret()).isEmpty();
            assertThat(properties.configuredSocketUrl()).as("derived from each request").isNull();
        });
    }

    @Test
    void enabledFalseServesNoServerInfo() {
        runner.withPropertyValues("xuanxuan.xxc.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RouterFunction.class).doesNotHaveBean(ServerInfoCors.class)
                .doesNotHaveBean(ServerInfoHandler.class));
    }

    @Test
    void theSettingsAreRead() {
        runner.withPropertyValues("xuanxuan.xxc.secret=a-secret-of-twenty-chars",
                        "xuanxuan.xxc.socket-url=wss://im.example.com:11443/xxc/ws",
                        "xuanxuan.xxc.upload-file-size=10MB")
                .run(context -> {
                    PresenceXxcProperties properties = context.getBean(PresenceXxcProperties.class);
                    assertThat(properties.configuredSocketUrl()).isEqualTo(URI.create("wss://im.example.com:11443/xxc/ws"));
                    assertThat(properties.uploadFileSize().toBytes()).isEqualTo(10L * 1024 * 1024);
                    assertThat(properties.secret()).isEqualTo("a-secret-of-twenty-chars");
                });
    }

    @Test
    void aSocketUrlThatIsNotWebSocketStopsTheStartWithItsName() {
        for (String bad : new String[] {"http://im.example.com/xxc/ws", "im.example.com:11443", "wss:///xxc/ws",
                "ws://bad host/"}) {
            runner.withPropertyValues("xuanxuan.xxc.socket-url=" + bad).run(context -> {
                assertThat(context).as(bad).hasFailed();
                assertThat(rootMessage(context.getStartupFailure())).as(bad)
                        .contains("xuanxuan.xxc.socket-url must be a ws:// or wss:// URL with a host");
            });
        }
    }

    @Test
    void aShortSecretStopsTheStart() {
        runner.withPropertyValues("xuanxuan.xxc.secret=short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("xuanxuan.xxc.secret must be at least 16");
        });
    }

    private static String rootMessage(Throwable error) {
        Throwable e = error;
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
