package io.xuanxuan.chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code xuanxuan.chat.*} as the service binds it: the defaults of README's table, and a value out of range
 * stops the start with a message naming the property and what it must be.
 */
class ChatPropertiesValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChatProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void unsetPropertiesTakeTheDocumentedDefaults() {
        runner.run(context -> {
            ChatProperties properties = context.getBean(ChatProperties.class);
            assertThat(properties).isEqualTo(ChatProperties.defaults());
            assertThat(properties.maxMessageLength()).isEqualTo(32_000);
            assertThat(properties.maxMessagesPerRequest()).isEqualTo(100);
            assertThat(properties.maxHistoryPageSize()).isEqualTo(200);
            assertThat(properties.maxUsersPerRequest()).isEqualTo(1000);
            assertThat(properties.deliveriesPerSecond()).isEqualTo(2000);
            assertThat(properties.deliveriesBurst()).isEqualTo(20_000);
            assertThat(properties.systemChatPosters()).isEmpty();
            assertThat(properties.sync()).isEqualTo(new ChatProperties.Sync(200, Duration.ofDays(30)));
            assertThat(properties.cache()).isEqualTo(new ChatProperties.Cache(10_000, 100_000));
            assertThat(properties.insertBatch()).isEqualTo(new ChatProperties.InsertBatch(100, 2));
            assertThat(properties.instanceId()).isEmpty();
        });
    }

    @Test
    void setPropertiesAreBoundByTheirReadmeNames() {
        runner.withPropertyValues("xuanxuan.chat.sync.max-age=2h", "xuanxuan.chat.insert-batch.max-rows=7",
                        "xuanxuan.chat.system-chat-posters=hr,management", "xuanxuan.chat.instance-id= chat-1 ")
                .run(context -> {
                    ChatProperties properties = context.getBean(ChatProperties.class);
                    assertThat(properties.sync().maxAge()).isEqualTo(Duration.ofHours(2));
                    assertThat(properties.insertBatch().maxRows()).isEqualTo(7);
                    assertThat(properties.systemChatPosters()).containsExactly("hr", "management");
                    assertThat(properties.instanceId()).isEqualTo("chat-1");
                });
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingThePropertyAndTheRule() {
        assertStartFails("xuanxuan.chat.insert-batch.max-rows=1001", "insertBatch.maxRows", "1001",
                "must be less than or equal to 1000");
        assertStartFails("xuanxuan.chat.cache.max-chats=0", "cache.maxChats", "0",
                "must be greater than or equal to 1");
        assertStartFails("xuanxuan.chat.sync.max-age=0s", "sync.maxAgePositive", "false", "max-age must be positive");
        assertStartFails("xuanxuan.chat.max-message-length=-1", "maxMessageLength", "-1", "must be greater than 0");
    }

    private void assertStartFails(String property, String field, String value, String rule) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("xuanxuan.chat").contains(field).contains("[" + value + "]")
                    .contains(rule);
        });
    }
}
