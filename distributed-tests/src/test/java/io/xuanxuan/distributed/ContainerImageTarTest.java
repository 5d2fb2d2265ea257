package io.xuanxuan.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opens the image tarballs scripts/images.sh wrote ({@code <service>/target/jib-image.tar}) and checks what
 * each image must contain: its name and version, a non-root user, java started with the heap from the
 * container's memory and the service's main class, its ports, and layers holding the libraries and the
 * service's own classes. Skipped where no image was built (the default build builds none: no container
 * engine and no base image here); run it after {@code scripts/images.sh} with
 * {@code -Dtest=ContainerImageTarTest}.
 */
class ContainerImageTarTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"gateway-service", "presence-service", "chat-service", "offline-service", "file-service"})
    void theImageHoldsTheServiceAndRunsItAsNonRoot(String service) throws Exception {
        Path tar = Path.of("..", service, "target", "jib-image.tar");
        Assumptions.assumeTrue(Files.isRegularFile(tar), "no image built for " + service + " (scripts/images.sh)");
        Map<String, byte[]> entries = read(Files.newInputStream(tar));
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        assertThat(manifest.path("RepoTags").get(0).asText()).startsWith("xuanxuan/" + service + ":");
        JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asText())).path("config");

        String user = config.path("User").asText();
        assertThat(user).isNotEmpty().doesNotStartWith("0").doesNotStartWith("root");
        assertThat(Integer.parseInt(user.split(":")[0])).isEqualTo(10001);
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        assertThat(entrypoint.get(entrypoint.size() - 1)).endsWith("ServiceApplication");
        assertThat(config.path("ExposedPorts").size()).isGreaterThanOrEqualTo(1);

        List<String> files = new ArrayList<>();
        for (JsonNode layer : manifest.path("Layers")) {
            byte[] bytes = entries.get(layer.asText());
            InputStream content = new ByteArrayInputStream(bytes);
            if (bytes.length > 1 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
                content = new java.util.zip.GZIPInputStream(content);
            }
            files.addAll(read(content).keySet());
        }
        String mainClass = entrypoint.get(entrypoint.size() - 1);
        assertThat(files).contains("app/classes/" + mainClass.replace('.', '/') + ".class",
                "app/resources/" + service + ".yml");
        assertThat(files).anyMatch(file -> file.matches("app/libs/spring-boot-4\\..*\\.jar"));
        assertThat(files).anyMatch(file -> file.matches("app/libs/shared-model-.*\\.jar"));
    }

    /** The files of a tar. */
    private static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""), tar.readAllBytes());
                }
            }
        }
        return files;
    }
}
