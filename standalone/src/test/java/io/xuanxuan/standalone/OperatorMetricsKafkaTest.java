package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * {@link OperatorMetricsSuite} against the standalone server with every service on Kafka: the same names,
 * plus what only Kafka has (offset commits).
 */
class OperatorMetricsKafkaTest extends KafkaServerTest implements OperatorMetricsSuite {

    @LocalManagementPort
    int managementPort;

    @Override
    public String scrape() {
        return OperatorMetricsSuite.get(managementPort, "/actuator/prometheus");
    }

    @Test
    void kafkaConsumersCountTheirCommits() {
        login("alice").close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(scrape()).containsPattern(
                        "xuanxuan_bus_commits_total\\{group=\"presence\",topic=\"xx\\.commands\\.presence\"} [1-9]"));
    }
}
