package io.xuanxuan.helm;

import static io.xuanxuan.helm.ChartRulesTest.list;
import static io.xuanxuan.helm.ChartRulesTest.map;
import static io.xuanxuan.helm.ChartRulesTest.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The 2.x clients (values xxc.*): on by default. Presence, the gateways and the file service get one token key
 * from one Secret (the chart's, or the operator's), presence the upload limit and socket URL it hands out, and
 * the ingress routes the 2.x paths; off, none of it.
 */
class XxcClientsTest {

    private static final String CREDENTIALS = "database: {password: a-password}\ns3: {accessKey: an-access-key, secretKey: a-secret-key}\n";
    private static final List<String> KEY_HOLDERS = List.of("presence", "gateway", "file");

    @Test
    void onByDefaultEveryKeyHolderReadsTheOneSecretAndTheIngressRoutesThe2xPaths() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(CREDENTIALS + """
                xxc: {secret: a-token-secret-16chars, socketUrl: "wss://im.example.com:11443/xxc/ws"}
                ingress: {enabled: true}
                """));

        Map<String, Object> secret = secret(documents, "xx-xuanxuan-xxc").orElseThrow();
        assertThat(new String(Base64.getDecoder().decode((String) map(secret, "data").get("xxc-secret"))))
                .isEqualTo("a-token-secret-16chars");
        for (String component : KEY_HOLDERS) {
            assertThat(secretRef(documents, component)).as(component).contains(Map.of("name", "xx-xuanxuan-xxc", "key", "xxc-secret"));
            assertThat(configMap(documents, component)).as(component).containsEntry("XUANXUAN_XXC_ENABLED", "true");
        }
        for (String component : List.of("chat", "offline")) {
            assertThat(secretRef(documents, component)).as(component).isEmpty();
            assertThat(configMap(documents, component)).doesNotContainKey("XUANXUAN_XXC_ENABLED");
        }
        assertThat(configMap(documents, "presence")).containsEntry("XUANXUAN_XXC_UPLOAD_FILE_SIZE", "32MB")
                .containsEntry("XUANXUAN_XXC_SOCKET_URL", "wss://im.example.com:11443/xxc/ws");
        assertThat(configMap(documents, "gateway")).doesNotContainKey("XUANXUAN_XXC_SOCKET_URL");
        assertThat(routes(documents)).contains("/serverInfo -> xx-xuanxuan-presence", "/upload -> xx-xuanxuan-file",
                "/download -> xx-xuanxuan-file", "/xxc/ws -> xx-xuanxuan-gateway");
    }

    @Test
    void anOperatorsSecretIsReadAndTheChartMakesNone() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(
                CREDENTIALS + "xxc: {existingSecret: vault-xxc, secretKey: token-key}\n"));

        assertThat(secret(documents, "xx-xuanxuan-xxc")).isEmpty();
        for (String component : KEY_HOLDERS) {
            assertThat(secretRef(documents, component)).contains(Map.of("name", "vault-xxc", "key", "token-key"));
        }
        assertThat(configMap(documents, "presence")).as("derived from the request by default")
                .doesNotContainKey("XUANXUAN_XXC_SOCKET_URL");
    }

    @Test
    void offTheServicesAreToldSoAndNothingElseIsMade() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(
                CREDENTIALS + "xxc: {enabled: false}\ningress: {enabled: true}\n"));

        assertThat(secret(documents, "xx-xuanxuan-xxc")).isEmpty();
        for (String component : KEY_HOLDERS) {
            assertThat(secretRef(documents, component)).isEmpty();
            assertThat(configMap(documents, component)).containsEntry("XUANXUAN_XXC_ENABLED", "false");
        }
        assertThat(routes(documents)).doesNotContain("/serverInfo -> xx-xuanxuan-presence", "/xxc/ws -> xx-xuanxuan-gateway");
    }

    private static List<String> routes(List<Map<String, Object>> documents) {
        Map<String, Object> ingress = ofKind(documents, "Ingress").get(0);
        return list(map(list(map(ingress, "spec"), "rules").get(0), "http"), "paths").stream()
                .map(path -> path.get("path") + " -> " + map(path, "backend", "service").get("name")).toList();
    }

    /** The secretKeyRef of the container's XUANXUAN_XXC_SECRET, if it has one. */
    private static Optional<Map<String, Object>> secretRef(List<Map<String, Object>> documents, String component) {
        Map<String, Object> deployment = ofKind(documents, "Deployment").stream()
                .filter(d -> ("xx-xuanxuan-" + component).equals(map(d, "metadata").get("name"))).findFirst().orElseThrow();
        Map<String, Object> container = list(map(deployment, "spec", "template", "spec"), "containers").get(0);
        if (!container.containsKey("env")) {
            return Optional.empty();
        }
        return list(container, "env").stream().filter(env -> "XUANXUAN_XXC_SECRET".equals(env.get("name")))
                .findFirst().map(env -> map(env, "valueFrom", "secretKeyRef"));
    }

    private static Optional<Map<String, Object>> secret(List<Map<String, Object>> documents, String name) {
        return ofKind(documents, "Secret").stream().filter(d -> name.equals(map(d, "metadata").get("name"))).findFirst();
    }

    private static Map<String, Object> configMap(List<Map<String, Object>> documents, String component) {
        return map(ofKind(documents, "ConfigMap").stream()
                .filter(d -> ("xx-xuanxuan-" + component).equals(map(d, "metadata").get("name"))).findFirst().orElseThrow(),
                "data");
    }
}
