package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Actuator is not on the port that faces clients (metrics and details would be anyone's): it has a
 * port of its own, on loopback; liveness and readiness stay on the public port for probes.
 */
class ManagementPortTest extends StandaloneServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalManagementPort
    int managementPort;

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void actuatorIsNotServedOnThePublicPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health", "/actuator"}) {
            assertThat(get(port, path).statusCode()).as(path + " on the public port").isEqualTo(404);
        }
    }

    @Test
    void probesStayOnThePublicPort() throws Exception {
        for (String path : new String[] {"/livez", "/readyz"}) {
            HttpResponse<String> response = get(port, path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).contains("\"UP\"");
        }
    }

    @Test
    void metricsAndHealthAreOnTheManagementPort() throws Exception {
        HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("xuanxuan_gateway_connections");
        HttpResponse<String> health = get(managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }
}
