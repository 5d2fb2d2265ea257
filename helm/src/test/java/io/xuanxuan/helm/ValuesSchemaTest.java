package io.xuanxuan.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json refuses each kind of mistake, with the key in the message: `helm template` (as
 * install and upgrade do) and `helm lint` both fail. Each case is the ci defaults plus one mistake, and the
 * defaults alone render (ChartLintTest, ManifestSchemaTest), so the mistake is what fails.
 */
class ValuesSchemaTest {

    private static final String VALID = """
            database:
              password: ci-database-password-Qx7
            s3:
              accessKey: ci-access-key-Lm3
              secretKey: ci-s3-secret-key-Vb9
            xxc:
              secret: ci-xxc-token-secret-Tn4
            """;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("wrong type", "kafka:\n  partitions: eight\n", "partitions"),
                Arguments.of("wrong type of a boolean", "ingress:\n  enabled: \"yes\"\n", "enabled"),
                Arguments.of("unknown key (a typo)", "gateway:\n  replicas: 3\n", "replicas"),
                Arguments.of("unknown key at the top", "postgres:\n  host: db\n", "postgres"),
                Arguments.of("out-of-range number", "kafka:\n  partitions: 0\n", "partitions"),
                // continues VALID's last map, xxc (a second xxc key would be a YAML error, not this one)
                Arguments.of("a socket URL that is no WebSocket URL", "  socketUrl: http://im.example.com/xxc/ws\n", "socketUrl"),
                Arguments.of("out-of-range port", "chat:\n  port: 70000\n", "port"),
                Arguments.of("bad enum", "gateway:\n  image:\n    pullPolicy: Sometimes\n", "pullPolicy"),
                Arguments.of("bad enum of topology spread", "common:\n  topologySpread:\n    whenUnsatisfiable: Never\n",
                        "whenUnsatisfiable"),
                Arguments.of("bad format", "kafka:\n  bootstrapServers: kafka\n", "bootstrapServers"),
                Arguments.of("missing required", "kafka:\n  bootstrapServers: null\n", "bootstrapServers"),
                Arguments.of("missing required database name", "chat:\n  database:\n    name: null\n", "name"),
                Arguments.of("bad enum of the TCP door's Service type",
                        "gateway:\n  tcp:\n    service:\n      type: Ingress\n", "type"),
                Arguments.of("out-of-range TCP door port", "gateway:\n  tcp:\n    port: 0\n", "port"),
                Arguments.of("unknown key of the TCP door (a typo)", "gateway:\n  tcp:\n    enable: true\n", "enable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void templateRefuses(String kind, String mistake, String key) {
        String values = VALID + mistake;

        assertThatThrownBy(() -> Chart.template(values)).as(kind)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void lintRefuses(String kind, String mistake, String key) {
        LintResult result = Chart.lintStrict(write(VALID + mistake));

        assertThat(result.isFailed()).as("%s: lint messages %s", kind, result.getMessages()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains(key);
    }

    /** No password and no existingSecret: the chart refuses to make a Secret with an empty password. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("missingCredentials")
    void templateRefusesACreatedSecretWithoutCredentials(String values, String message) {
        assertThatThrownBy(() -> Chart.template(values)).hasMessageContaining(message);
    }

    static Stream<Arguments> missingCredentials() {
        return Stream.of(
                Arguments.of(VALID.replace("  password: ci-database-password-Qx7\n", "  username: xuanxuan\n"),
                        "database.password is required when database.existingSecret is empty"),
                Arguments.of(VALID.replace("  secretKey: ci-s3-secret-key-Vb9\n", ""),
                        "s3.secretKey is required when s3.existingSecret is empty"),
                Arguments.of(VALID.replace("xxc:\n  secret: ci-xxc-token-secret-Tn4\n", ""),
                        "xxc.secret is required when xxc.enabled and xxc.existingSecret is empty"),
                Arguments.of(VALID.replace("ci-xxc-token-secret-Tn4", "short"), "secret"));
    }

    private static Path write(String values) {
        try {
            Path file = Files.createTempFile("xx-bad-values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
