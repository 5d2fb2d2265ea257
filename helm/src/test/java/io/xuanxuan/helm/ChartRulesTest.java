package io.xuanxuan.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's own rules, for every ci values file: probes, resources and the restricted security context on
 * every Deployment; secrets only through secretKeyRef; a changed setting rolls the pods.
 */
class ChartRulesTest {

    private static final List<String> COMPONENTS = List.of("gateway", "presence", "chat", "offline", "file");
    /** Environment variables that carry credentials: never a plain value, never in a ConfigMap. */
    private static final Pattern CREDENTIAL = Pattern.compile("PASSWORD|SECRET|ACCESS_KEY|_USER$|TOKEN");

    static List<Path> valuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void everyDeploymentHasProbesResourcesAndTheRestrictedSecurityContext(Path valuesFile) {
        List<Map<String, Object>> deployments = ofKind(Chart.documents(Chart.templateWithHooks(valuesFile)), "Deployment");
        assertThat(deployments).as("one Deployment per component").hasSize(COMPONENTS.size());

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> deployment : deployments) {
            String name = Chart.name(deployment);
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            expect(problems, name + " pod runAsNonRoot", podSecurity.get("runAsNonRoot"), true);
            expect(problems, name + " pod runAsUser", podSecurity.get("runAsUser"), 10001);
            expect(problems, name + " pod seccompProfile", map(podSecurity, "seccompProfile").get("type"), "RuntimeDefault");
            expect(problems, name + " automountServiceAccountToken", pod.get("automountServiceAccountToken"), false);
            Object grace = pod.get("terminationGracePeriodSeconds");
            if (!(grace instanceof Integer seconds) || seconds < 10) {
                problems.add(name + ": terminationGracePeriodSeconds " + grace);
            }
            for (Map<String, Object> container : list(pod, "containers")) {
                String where = name + " container " + container.get("name");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> httpGet = map(container, probe, "httpGet");
                    if (httpGet.get("path") == null || httpGet.get("port") == null) {
                        problems.add(where + ": no " + probe + " httpGet path and port");
                    }
                }
                Map<String, Object> resources = map(container, "resources");
                for (String required : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                    String[] parts = required.split("\\.");
                    if (map(resources, parts[0]).get(parts[1]) == null) {
                        problems.add(where + ": no resources." + required);
                    }
                }
                Map<String, Object> security = map(container, "securityContext");
                expect(problems, where + " runAsNonRoot", security.get("runAsNonRoot"), true);
                expect(problems, where + " runAsUser", security.get("runAsUser"), 10001);
                expect(problems, where + " allowPrivilegeEscalation", security.get("allowPrivilegeEscalation"), false);
                expect(problems, where + " readOnlyRootFilesystem", security.get("readOnlyRootFilesystem"), true);
                expect(problems, where + " capabilities.drop", map(security, "capabilities").get("drop"), List.of("ALL"));
                expect(problems, where + " seccompProfile", map(security, "seccompProfile").get("type"), "RuntimeDefault");
                if (map(container, "lifecycle", "preStop", "sleep").get("seconds") == null) {
                    problems.add(where + ": no preStop sleep");
                }
                boolean tmpMounted = list(container, "volumeMounts").stream()
                        .anyMatch(mount -> "/tmp".equals(mount.get("mountPath"))
                                && list(pod, "volumes").stream().anyMatch(volume ->
                                        volume.get("name").equals(mount.get("name")) && volume.containsKey("emptyDir")));
                if (!tmpMounted) {
                    problems.add(where + ": no emptyDir at /tmp");
                }
            }
            Map<String, Object> annotations = map(deployment, "spec", "template", "metadata", "annotations");
            for (String checksum : List.of("checksum/config", "checksum/secret")) {
                if (!(annotations.get(checksum) instanceof String sum) || !sum.matches("[0-9a-f]{64}")) {
                    problems.add(name + ": no " + checksum + " annotation");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void noSecretValueInAConfigMapOrAPlainEnvValue(Path valuesFile) {
        List<Map<String, Object>> documents = Chart.documents(Chart.templateWithHooks(valuesFile));
        Set<String> secretValues = secretValues(documents, Chart.readMap(valuesFile));

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> configMap : ofKind(documents, "ConfigMap")) {
            map(configMap, "data").forEach((key, value) -> {
                if (CREDENTIAL.matcher(key).find()) {
                    problems.add(Chart.name(configMap) + ": credential key " + key);
                }
                secretValues.stream().filter(secret -> String.valueOf(value).contains(secret))
                        .forEach(secret -> problems.add(Chart.name(configMap) + "." + key + " holds a secret value"));
            });
        }
        for (Map<String, Object> workload : documents) {
            for (Map<String, Object> container : containers(workload)) {
                for (Map<String, Object> env : list(container, "env")) {
                    String name = String.valueOf(env.get("name"));
                    Object value = env.get("value");
                    String where = Chart.name(workload) + " env " + name;
                    if (value != null && CREDENTIAL.matcher(name).find()) {
                        problems.add(where + " is a plain value");
                    }
                    if (value != null && secretValues.stream().anyMatch(String.valueOf(value)::contains)) {
                        problems.add(where + " holds a secret value");
                    }
                    if (CREDENTIAL.matcher(name).find() && map(env, "valueFrom", "secretKeyRef").get("key") == null) {
                        problems.add(where + " is not from a Secret");
                    }
                }
            }
        }
        assertThat(secretValues).as("secret values found to look for")
                .hasSizeGreaterThanOrEqualTo(valuesFile.toString().contains("external-secrets") ? 0 : 3);
        assertThat(problems).isEmpty();
    }

    /** The services that store get their credentials from the Secret that values name, by key. */
    @Test
    void credentialsComeFromTheExistingSecretsByTheirKeys() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(Chart.CI.resolve("external-secrets-values.yaml")));

        assertThat(ofKind(documents, "Secret")).as("Secrets the chart makes").isEmpty();
        for (String component : List.of("presence", "chat", "offline", "file")) {
            Map<String, Object> container = containers(deployment(documents, component)).get(0);
            assertThat(secretRef(container, "XX_DB_USER")).isEqualTo("xuanxuan-db/user");
            assertThat(secretRef(container, "XX_DB_PASSWORD")).isEqualTo("xuanxuan-db/pass");
        }
        Map<String, Object> file = containers(deployment(documents, "file")).get(0);
        assertThat(secretRef(file, "XX_S3_ACCESS_KEY")).isEqualTo("xuanxuan-s3/AWS_ACCESS_KEY_ID");
        assertThat(secretRef(file, "XX_S3_SECRET_KEY")).isEqualTo("xuanxuan-s3/AWS_SECRET_ACCESS_KEY");
        assertThat(list(containers(deployment(documents, "gateway")).get(0), "env"))
                .as("the gateway has no database").noneMatch(env -> String.valueOf(env.get("name")).startsWith("XX_DB"));
    }

    /** Each service its own database; the environment the services read (service-support's defaults). */
    @Test
    void eachServiceGetsItsOwnDatabaseAndThePartitionsFromValues() {
        List<Map<String, Object>> documents = Chart.documents(Chart.template(Chart.CI.resolve("everything-on-values.yaml")));

        Set<String> databases = new HashSet<>();
        for (String component : List.of("presence", "chat", "offline", "file")) {
            Map<String, Object> config = configMap(documents, component);
            assertThat(config).containsEntry("XX_PARTITIONS", "16").containsEntry("XX_DB_NAME", "xuanxuan_" + component)
                    .containsEntry("XX_REPLICATION_FACTOR", "3").containsEntry("XUANXUAN_BUS_KAFKA_MIN_INSYNC_REPLICAS", "2");
            databases.add(config.get("XX_DB_HOST") + ":" + config.get("XX_DB_PORT") + "/" + config.get("XX_DB_NAME"));
        }
        assertThat(databases).hasSize(4);
        assertThat(configMap(documents, "presence")).containsEntry("XX_DB_HOST", "presence-db.data.svc")
                .containsEntry("XX_DB_PORT", "3307");
        assertThat(configMap(documents, "chat")).containsEntry("XX_DB_HOST", "mariadb.data.svc")
                .containsEntry("XX_DB_PORT", "3306");
        assertThat(configMap(documents, "gateway")).containsEntry("XX_GATEWAY_PORT", "8080")
                .containsEntry("XUANXUAN_GATEWAY_DRAIN_PERIOD", "10s").doesNotContainKey("XX_DB_HOST");
        assertThat(configMap(Chart.documents(Chart.template(Chart.CI.resolve("defaults-values.yaml"))), "chat"))
                .as("one broker's defaults").containsEntry("XX_REPLICATION_FACTOR", "1")
                .doesNotContainKey("XUANXUAN_BUS_KAFKA_MIN_INSYNC_REPLICAS");
    }

    /** Prometheus can scrape the management port only if it listens beyond loopback. */
    @Test
    void managementListensOnAllAddressesOnlyWhenScraped() {
        List<Map<String, Object>> scraped = Chart.documents(Chart.template(Chart.CI.resolve("everything-on-values.yaml")));
        List<Map<String, Object>> plain = Chart.documents(Chart.template(Chart.CI.resolve("defaults-values.yaml")));

        for (String component : List.of("gateway", "file")) {
            assertThat(configMap(scraped, component)).containsEntry("XX_MANAGEMENT_ADDRESS", "0.0.0.0");
            assertThat(configMap(plain, component)).containsEntry("XX_MANAGEMENT_ADDRESS", "127.0.0.1");
        }
        assertThat(ofKind(scraped, "ServiceMonitor")).hasSize(COMPONENTS.size());
        assertThat(ofKind(plain, "ServiceMonitor")).isEmpty();
    }

    /** checksum/config follows the settings, so `helm upgrade` with a new setting restarts the pods. */
    @Test
    void aChangedSettingChangesTheChecksum() {
        String values = "database: {password: a}\ns3: {accessKey: b, secretKey: c}\nxxc: {secret: a-token-secret-16chars}\n";
        Map<String, Object> before = deployment(Chart.documents(Chart.template(values)), "chat");
        Map<String, Object> after = deployment(Chart.documents(Chart.template(values + "kafka: {partitions: 12}\n")), "chat");
        Map<String, Object> newPassword = deployment(Chart.documents(Chart.template(values.replace("password: a", "password: z"))), "chat");

        assertThat(map(after, "spec", "template", "metadata", "annotations").get("checksum/config"))
                .isNotEqualTo(map(before, "spec", "template", "metadata", "annotations").get("checksum/config"));
        assertThat(map(newPassword, "spec", "template", "metadata", "annotations").get("checksum/secret"))
                .isNotEqualTo(map(before, "spec", "template", "metadata", "annotations").get("checksum/secret"));
    }

    /** Autoscaled Deployments leave replicas to the autoscaler; the gateway's grace period is the longest. */
    @Test
    void autoscalingAndGracePeriods() {
        List<Map<String, Object>> all = Chart.documents(Chart.template(Chart.CI.resolve("everything-on-values.yaml")));
        List<Map<String, Object>> minimal = Chart.documents(Chart.template(Chart.CI.resolve("minimal-values.yaml")));

        assertThat(ofKind(all, "HorizontalPodAutoscaler")).hasSize(1);
        assertThat(ofKind(all, "ScaledObject")).hasSize(4);
        for (String component : COMPONENTS) {
            assertThat(map(deployment(all, component), "spec")).doesNotContainKey("replicas");
            assertThat(map(deployment(minimal, component), "spec")).containsEntry("replicas", 1);
        }
        assertThat(ofKind(minimal, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(ofKind(minimal, "PodDisruptionBudget")).isEmpty();
        int gatewayGrace = (int) map(deployment(all, "gateway"), "spec", "template", "spec").get("terminationGracePeriodSeconds");
        for (String component : List.of("presence", "chat", "offline", "file")) {
            assertThat((int) map(deployment(all, component), "spec", "template", "spec").get("terminationGracePeriodSeconds"))
                    .isLessThan(gatewayGrace);
        }
    }

    @Test
    void ingressRoutesTheWebSocketAndTheFilePathsWithUploadSizeAndTimeouts() {
        Map<String, Object> ingress = ofKind(Chart.documents(Chart.template(Chart.CI.resolve("everything-on-values.yaml"))),
                "Ingress").get(0);

        Map<String, Object> annotations = map(ingress, "metadata", "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "33m")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        List<String> routes = new ArrayList<>();
        for (Map<String, Object> path : list(map(list(map(ingress, "spec"), "rules").get(0), "http"), "paths")) {
            routes.add(path.get("path") + " -> " + map(path, "backend", "service").get("name"));
        }
        assertThat(routes).containsExactlyInAnyOrder("/ws -> xx-xuanxuan-gateway", "/api/attach -> xx-xuanxuan-file",
                "/sys -> xx-xuanxuan-file", "/index.php -> xx-xuanxuan-file",
                // the 2.x clients: one origin for the login, the files and the encrypted socket
                "/serverInfo -> xx-xuanxuan-presence", "/upload -> xx-xuanxuan-file", "/download -> xx-xuanxuan-file",
                "/xxc/ws -> xx-xuanxuan-gateway");
        assertThat(list(map(ingress, "spec"), "tls").get(0)).containsEntry("secretName", "chat-tls");
    }

    /** `helm test`: a restricted Pod that runs the login script against the gateway's Service. */
    @Test
    void theTestHookLogsInThroughTheGatewayService() {
        List<Map<String, Object>> documents = Chart.documents(Chart.templateWithHooks(Chart.CI.resolve("defaults-values.yaml")));

        Map<String, Object> pod = named(documents, "Pod", "xx-xuanxuan-test-login");
        assertThat(map(pod, "metadata", "annotations")).containsEntry("unhooked-by-test/hook", "test");
        Map<String, Object> container = containers(pod).get(0);
        assertThat(list(container, "env")).anyMatch(env -> "XX_GATEWAY_URL".equals(env.get("name"))
                && "ws://xx-xuanxuan-gateway:8080/ws".equals(env.get("value")));
        assertThat(secretRef(container, "XX_TEST_PASSWORD")).isEqualTo("xx-xuanxuan-test-account/password");
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(String.valueOf(map(named(documents, "ConfigMap", "xx-xuanxuan-test-login"), "data").get("login.py")))
                .contains("\"method\": \"login\"").contains("Sec-WebSocket-Key");

        List<Map<String, Object>> minimal = Chart.documents(Chart.templateWithHooks(Chart.CI.resolve("minimal-values.yaml")));
        assertThat(ofKind(minimal, "Pod")).as("tests.enabled false").isEmpty();
    }

    /** NOTES.txt tells how to connect: the ingress URL, or port-forward without an ingress. */
    @Test
    void notesTellHowToConnect() {
        assertThat(Chart.installDryRun(Chart.CI.resolve("everything-on-values.yaml")))
                .contains("wss://chat.example.com/ws", "https://chat.example.com/api/attach/upload",
                        "/index.php?mode=getconfig", "helm test xx");
        assertThat(Chart.installDryRun(Chart.CI.resolve("defaults-values.yaml")))
                .contains("port-forward service/xx-xuanxuan-gateway 8080:8080", "ws://127.0.0.1:8080/ws",
                        "\"method\":\"login\"");
    }

    /**
     * The alert rules and the dashboard come from files/ when they are there; without them the chart still
     * renders (an empty rule list, an empty dashboard ConfigMap).
     */
    @Test
    void rulesAndDashboardComeFromFilesAndTheChartRendersWithoutThem() throws Exception {
        Path everything = Chart.CI.resolve("everything-on-values.yaml");
        Path bare = Chart.copyChart();
        Path withFiles = Chart.copyChart();
        try {
            java.nio.file.Files.deleteIfExists(bare.resolve("files/prometheus-rules.yaml"));
            java.nio.file.Files.deleteIfExists(bare.resolve("files/grafana-dashboard.json"));
            java.nio.file.Files.writeString(withFiles.resolve("files/prometheus-rules.yaml"), """
                    - name: xuanxuan-test
                      rules:
                        - alert: XuanxuanTestAlert
                          expr: up == 0
                          for: 5m
                    """);
            java.nio.file.Files.writeString(withFiles.resolve("files/grafana-dashboard.json"), "{\"title\": \"xuanxuan\"}");

            List<Map<String, Object>> without = Chart.documents(new com.marcnuri.helm.Helm(bare).template()
                    .withName(Chart.RELEASE).withValuesFile(everything).call());
            List<Map<String, Object>> with = Chart.documents(new com.marcnuri.helm.Helm(withFiles).template()
                    .withName(Chart.RELEASE).withValuesFile(everything).call());

            assertThat(map(ofKind(without, "PrometheusRule").get(0), "spec")).containsEntry("groups", List.of());
            assertThat(map(named(without, "ConfigMap", "xx-xuanxuan-dashboard"), "data")).isEmpty();
            Map<String, Object> rule = ofKind(with, "PrometheusRule").get(0);
            assertThat(KubernetesSchema.violations(rule)).isEmpty();
            assertThat(list(map(rule, "spec"), "groups")).singleElement()
                    .satisfies(group -> assertThat(group).containsEntry("name", "xuanxuan-test"));
            Map<String, Object> dashboard = named(with, "ConfigMap", "xx-xuanxuan-dashboard");
            assertThat(map(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
            assertThat(map(dashboard, "data")).containsEntry("xuanxuan.json", "{\"title\": \"xuanxuan\"}");
        } finally {
            Chart.deleteRecursively(bare);
            Chart.deleteRecursively(withFiles);
        }
    }

    /**
     * Chat and offline take connections from nobody but Prometheus; gateway and file from clients; presence from
     * clients only for the 2.x clients' /serverInfo (xxc.enabled), else like chat.
     */
    @Test
    void networkPoliciesLetOnlyClientsAndPrometheusIn() {
        List<Map<String, Object>> all = Chart.documents(Chart.template(Chart.CI.resolve("everything-on-values.yaml")));
        String noScrapeValues =
                "database: {password: a}\ns3: {accessKey: b, secretKey: c}\nnetworkPolicy: {enabled: true}\n";
        List<Map<String, Object>> noScrape = Chart.documents(Chart.template(noScrapeValues + "xxc: {enabled: false}\n"));
        List<Map<String, Object>> noScrapeXxc = Chart.documents(Chart.template(
                noScrapeValues + "xxc: {secret: a-token-secret-16chars}\n"));

        Map<String, Object> presence = map(named(all, "NetworkPolicy", "xx-xuanxuan-presence"), "spec");
        // clients (through the ingress) to /serverInfo, and Prometheus, both on presence's one port
        assertThat(list(presence, "ingress")).hasSize(2).allSatisfy(rule ->
                assertThat(list(rule, "ports")).singleElement().satisfies(port -> assertThat(port).containsEntry("port", "http")));
        assertThat(list(presence, "ingress").get(1)).satisfies(rule ->
            assertThat(list(rule, "from")).singleElement().satisfies(peer -> assertThat(map(peer, "namespaceSelector",
                    "matchLabels")).containsEntry("kubernetes.io/metadata.name", "monitoring")));
        assertThat(list(presence, "egress")).hasSize(3);
        assertThat(list(map(named(noScrapeXxc, "NetworkPolicy", "xx-xuanxuan-presence"), "spec"), "ingress"))
                .singleElement().satisfies(rule -> assertThat(rule).doesNotContainKey("from"));
        // clients through the ingress, 1.0 clients to the TCP door (GatewayTcpDoorTest), Prometheus
        assertThat(list(map(named(all, "NetworkPolicy", "xx-xuanxuan-gateway"), "spec"), "ingress")).hasSize(3);

        for (String component : List.of("presence", "chat", "offline")) {
            Map<String, Object> spec = map(named(noScrape, "NetworkPolicy", "xx-xuanxuan-" + component), "spec");
            assertThat(spec.get("ingress")).as(component).isEqualTo(List.of());
            assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
        }
        assertThat(list(map(named(noScrape, "NetworkPolicy", "xx-xuanxuan-gateway"), "spec"), "ingress"))
                .singleElement().satisfies(rule -> assertThat(rule).doesNotContainKey("from"));
    }

    // --- reading the rendered documents

    private static Set<String> secretValues(List<Map<String, Object>> documents, Map<String, Object> values) {
        Set<String> secrets = new HashSet<>();
        for (Map<String, Object> secret : ofKind(documents, "Secret")) {
            // every value but the user names (a user name is no secret, and "xuanxuan" is also in database names)
            map(secret, "data").forEach((key, encoded) -> {
                if (!key.toLowerCase().matches(".*(user|account).*")) {
                    secrets.add(new String(Base64.getDecoder().decode(String.valueOf(encoded)), StandardCharsets.UTF_8));
                }
            });
        }
        for (String[] key : new String[][] {{"database", "password"}, {"s3", "accessKey"}, {"s3", "secretKey"}}) {
            Object value = map(values, key[0]).get(key[1]);
            if (value != null && !String.valueOf(value).isEmpty()) {
                secrets.add(String.valueOf(value));
            }
        }
        // too short to search for in the text (the demo account's password of the test hook)
        secrets.removeIf(value -> value.length() < 8);
        return secrets;
    }

    private static String secretRef(Map<String, Object> container, String name) {
        Map<String, Object> env = list(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
        Map<String, Object> ref = map(env, "valueFrom", "secretKeyRef");
        return ref.get("name") + "/" + ref.get("key");
    }

    private static Map<String, Object> configMap(List<Map<String, Object>> documents, String component) {
        return map(named(documents, "ConfigMap", "xx-xuanxuan-" + component), "data");
    }

    private static Map<String, Object> deployment(List<Map<String, Object>> documents, String component) {
        return named(documents, "Deployment", "xx-xuanxuan-" + component);
    }

    private static Map<String, Object> named(List<Map<String, Object>> documents, String kind, String name) {
        return ofKind(documents, kind).stream().filter(d -> name.equals(map(d, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        Map<String, Object> pod = "Pod".equals(workload.get("kind")) ? map(workload, "spec")
                : map(workload, "spec", "template", "spec");
        return list(pod, "containers");
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Map<String, Object> current = from;
        for (String key : path) {
            Object next = current.get(key);
            current = next instanceof Map ? (Map<String, Object>) next : Map.of();
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> from, String key) {
        Object value = from.get(key);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    private static void expect(List<String> problems, String what, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }
}
