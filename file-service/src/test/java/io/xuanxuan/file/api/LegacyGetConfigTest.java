package io.xuanxuan.file.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.file.config.LegacyConfig;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.model.json.ProtocolJson;
import java.net.URI;
import java.time.Clock;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.reactive.function.server.EntityResponse;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Where {@code getconfig} sends the 1.0 client: the configured public host and port (a load balancer's) first, else
 * the gateway's TCP door in the same process (standalone), else the host and port the request came to.
 */
class LegacyGetConfigTest {

    private static JsonNode getConfig(LegacyConfig legacy) throws Exception {
        FileHttpHandler handler = new FileHttpHandler(mock(FileService.class), legacy, Clock.systemUTC());
        ServerResponse response = handler.getConfig(MockServerRequest.builder()
                .uri(URI.create("http://files.example:8080/index.php?mode=getconfig"))
                .queryParam("mode", "getconfig").build()).block();
        assertThat(response.statusCode().value()).isEqualTo(200);
        return ProtocolJson.mapper().readTree((String) ((EntityResponse<?>) response).entity());
    }

    @Test
    void theConfiguredPublicHostAndPortComeFirst() throws Exception {
        JsonNode config = getConfig(new LegacyConfig("im.example.com", 443, "1.0.0", () -> 11444));
        assertThat(config.path("ip").asText()).isEqualTo("im.example.com");
        assertThat(config.path("port").asInt()).isEqualTo(443);
    }

    @Test
    void withoutAPublicPortTheTcpDoorOfThisProcessIsNamed() throws Exception {
        IntSupplier door = () -> 11444;
        JsonNode config = getConfig(new LegacyConfig("", 0, "1.0.0", door));
        assertThat(config.path("ip").asText()).isEqualTo("files.example");
        assertThat(config.path("port").asInt()).isEqualTo(11444);
    }

    @Test
    void withoutEitherTheRequestsHostAndPortAreNamed() throws Exception {
        JsonNode config = getConfig(new LegacyConfig("", 0, "1.0.0"));
        assertThat(config.path("ip").asText()).isEqualTo("files.example");
        assertThat(config.path("port").asInt()).isEqualTo(8080);
    }
}
