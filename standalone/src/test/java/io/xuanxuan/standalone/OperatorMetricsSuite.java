package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.testclient.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator's view against a running server, over its management port: every metric the chart's
 * dashboard and alert rules query is exported once the server has seen a login, a failed login and a
 * message; and the new meters count what they say. Run against the standalone server on the in-process
 * bus and on Kafka, and against the distributed services: every deployment mode exports the same names.
 */
public interface OperatorMetricsSuite extends ChatProtocolSupport {

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String LOGINS = "xuanxuan_logins_total";

    /**
     * The Prometheus exposition of every process of the system under test, one after another (one
     * standalone server; each service of a distributed system).
     */
    String scrape();

    /** Answers the body of a GET on 127.0.0.1, asserting a 200. */
    static String get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A failed login (an account that does not exist, so nobody is locked out). */
    private JsonNode failedLogin() {
        try (WsClient client = connect()) {
            JsonNode response = client.request(client.named("login", "account", "no-such-account-metrics",
                    "password", WsClient.md5("wrong"), "status", "online"));
            assertThat(response.path("result").asText()).isEqualTo("fail");
            return response;
        }
    }

    /** Carol sends a message to a group with Dave, who is online and reads it live. */
    private void liveMessage() {
        try (WsClient carol = login("carol"); WsClient dave = login("dave")) {
            String gid = newGid();
            createGroup(carol, gid, "metrics " + gid.substring(0, 8), false, id(carol), id(dave));
            pushFor(dave, "create", gid);
            String messageGid = newGid();
            ok(carol, send(carol, message(messageGid, gid, "delivery latency")));
            assertThat(dave.awaitPacket(packet -> "message".equals(packet.path("method").asText())
                            && packet.path("data").toString().contains(messageGid), WsClient.TIMEOUT))
                    .as("dave's live message push").isPresent();
        }
    }

    @Test
    default void everyMetricOfTheDashboardAndTheAlertRulesIsExported() throws Exception {
        login("alice").close();
        failedLogin();
        liveMessage();
        get(nextPort(), "/livez"); // an HTTP request on the public port: http_server_requests

        Set<String> queried = OperatorQueries.queriedMetrics();
        assertThat(queried).as("metric names in the dashboard and rules").contains(LOGINS, "xuanxuan_bus_consumer_lag");
        String exposition = scrape();
        Set<String> exported = OperatorQueries.exportedNames(exposition);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(OperatorQueries.MADE_BY_PROMETHEUS);
        missing.removeAll(exported);
        assertThat(missing).as("queried by the dashboard or the alert rules but not exported").isEmpty();
    }

    @Test
    default void loginsAreCountedByOutcomeAndReason() {
        String before = scrape();
        login("bob").close();
        failedLogin();
        try (WsClient client = connect()) {
            JsonNode bad = client.request(client.named("login", "account", "", "password", WsClient.md5("x"),
                    "status", "online"));
            assertThat(bad.path("result").asText()).isEqualTo("fail");
        }
        String after = scrape();

        assertThat(increase(before, after, LOGINS, "outcome=\"success\"", "reason=\"none\""))
                .as("successful logins").isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, LOGINS, "outcome=\"failure\"", "reason=\"wrong_credentials\""))
                .as("failed logins, wrong credentials").isGreaterThanOrEqualTo(1);
        assertThat(increase(before, after, LOGINS, "outcome=\"failure\"", "reason=\"invalid_request\""))
                .as("failed logins, bad parameters").isGreaterThanOrEqualTo(1);
        assertThat(after).as("never an account as a tag").doesNotContain("no-such-account-metrics");
    }

    @Test
    default void aLiveMessageRecordsItsDeliveryLatency() {
        String latency = "xuanxuan_delivery_latency_seconds_count";
        String before = scrape();
        liveMessage();
        String after = scrape();
        assertThat(increase(before, after, latency)).as(latency).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("xuanxuan_delivery_latency_seconds_bucket{le=\"0.1\"}");
    }

    @Test
    default void commandsHaveALatencyHistogramByMethod() {
        login("alice").close();
        String exposition = scrape();
        assertThat(exposition).containsPattern(
                "xuanxuan_command_duration_seconds_bucket\\{route=\"chat/login\",service=\"presence\",le=\"0\\.1\"}");
        assertThat(exposition).containsPattern(
                "xuanxuan_command_errors_total\\{route=\"chat/login\",service=\"presence\"} 0\\.0");
    }

    @Test
    default void busGroupsExportTheirLagAndDeadLettersAndTheDatabaseIsUp() {
        String exposition = scrape();
        assertThat(exposition).containsPattern(
                "xuanxuan_bus_consumer_lag\\{group=\"chat\",topic=\"xx\\.commands\\.chat\"} \\d");
        assertThat(exposition).containsPattern(
                "xuanxuan_bus_dead_letters_total\\{group=\"chat\",topic=\"xx\\.commands\\.chat\"} \\d");
        assertThat(exposition).contains("xuanxuan_database_up 1.0").doesNotContain("xuanxuan_database_up 0.0");
    }

    private static double increase(String before, String after, String name, String... labels) {
        return OperatorQueries.value(after, name, labels) - OperatorQueries.value(before, name, labels);
    }
}
