package io.xuanxuan.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.xuanxuan.chat.ChatServiceApplication;
import io.xuanxuan.file.FileServiceApplication;
import io.xuanxuan.file.storage.S3ProxyServer;
import io.xuanxuan.gateway.GatewayServiceApplication;
import io.xuanxuan.offline.OfflineServiceApplication;
import io.xuanxuan.presence.PresenceServiceApplication;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.LegacyTcpListener;
import io.xuanxuan.standalone.OwnNettyResources;
import io.xuanxuan.testclient.TcpClient;
import io.xuanxuan.testclient.WsClient;
import io.xuanxuan.testclient.XxcClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configuration the Helm chart renders runs: the chart is rendered (helm-java, as `helm template`) with
 * values pointing at this test's Kafka broker process, MariaDB databases and S3 server; each Deployment's
 * environment is collected as the kubelet would build it (its ConfigMap through envFrom, then env, each
 * secretKeyRef read from the rendered Secret); every service's Spring application starts with exactly that
 * environment in place of the process environment; then two users log in through the gateway and exchange
 * a message, over the WebSocket and over the gateway's TCP door for 1.0 clients (on in these values), which
 * getconfig names as the values say. Only what cannot hold in one JVM is changed: the HTTP, management and
 * TCP door ports are 0 (five services share 127.0.0.1) and JAVA_TOOL_OPTIONS, read by a JVM at its start, is
 * left out.
 * Needs MariaDB (XX_TEST_MYSQL_*): skipped without it, like the other distributed tests.
 */
class HelmRenderedEnvironmentTest {

    private static final Path CHART = Paths.get("../helm/xuanxuan").toAbsolutePath();
    private static final List<String> ORDER = List.of("presence", "chat", "offline", "file", "gateway");
    private static final Map<String, Class<?>> APPLICATIONS = Map.of(
            "presence", PresenceServiceApplication.class, "chat", ChatServiceApplication.class,
            "offline", OfflineServiceApplication.class, "file", FileServiceApplication.class,
            "gateway", GatewayServiceApplication.class);

    /** The load balancer's name and port that getconfig reports (values gateway.tcp.publicHost / publicPort). */
    private static final String PUBLIC_HOST = "im.example.com";
    private static final int PUBLIC_PORT = 7000;
    /** The 2.x clients' token key of the values (xxc.secret). */
    private static final String XXC_SECRET = "helm-rendered-xxc-token-key";

    private static final KafkaBrokerProcess kafka = new KafkaBrokerProcess();
    private static S3ProxyServer s3;
    private static final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private static Map<String, Map<String, String>> environments;

    @BeforeAll
    static void startTheServicesWithTheChartsEnvironment() throws Exception {
        Map<String, TestDatabases.MariaDb> databases = new LinkedHashMap<>();
        for (String service : List.of("presence", "chat", "offline", "file")) {
            databases.put(service, TestDatabases.emptyMariaDb("xx_helm_" + service)); // skips without MariaDB
        }
        kafka.start();
        s3 = new S3ProxyServer(Files.createTempDirectory("xx-helm-s3-"));
        environments = renderedEnvironments(values(databases));
        for (String service : ORDER) {
            contexts.put(service, start(service, environments.get(service)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        List<String> running = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(running);
        running.forEach(service -> contexts.remove(service).close());
        kafka.close();
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void twoUsersLogInThroughTheGatewayAndExchangeAMessage() {
        // what the chart rendered, not this test, pointed the services at the infrastructure
        assertThat(environments.get("chat")).containsEntry("XX_KAFKA_BOOTSTRAP", kafka.bootstrapServers())
                .containsKey("XX_DB_PASSWORD");
        int gateway = ((WebServerApplicationContext) contexts.get("gateway")).getWebServer().getPort();

        try (WsClient alice = WsClient.login(gateway, "alice", "123456");
             WsClient bob = WsClient.login(gateway, "bob", "123456")) {
            String chat = alice.createOneToOne(bob);

            String gid = UUID.randomUUID().toString();
            JsonNode sent = alice.request(alice.named("message", "messages", List.of(Map.of("gid", gid, "cgid", chat,
                    "type", "normal", "contentType", "text", "content", "hello through the chart", "date", ""))));
            assertThat(sent.path("result").asText()).as(sent.toString()).isEqualTo("success");

            JsonNode pushed = bob.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText())
                    && packet.path("data").toString().contains(gid), Duration.ofSeconds(20)).orElseThrow(
                    () -> new AssertionError("bob got no message push; frames: " + bob.frames()));
            assertThat(pushed.path("data").toString()).contains("hello through the chart");
        }
    }

    /**
     * The 1.0 client's way in: getconfig (file service) names the public host and port of the values, not the
     * file service's HTTP port; the gateway's TCP door, opened by the rendered environment alone, logs a user in
     * who then gets a message from a WebSocket user.
     */
    @Test
    void aOneDotZeroClientIsToldThePublicDoorAndChatsOverTcp() throws Exception {
        assertThat(environments.get("gateway")).containsEntry("XUANXUAN_GATEWAY_TCP_ENABLED", "true");
        int file = ((WebServerApplicationContext) contexts.get("file")).getWebServer().getPort();
        HttpResponse<String> getconfig = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + file + "/index.php?mode=getconfig")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode config = ProtocolJson.mapper().readTree(getconfig.body());
        assertThat(config.path("ip").asText()).as(getconfig.body()).isEqualTo(PUBLIC_HOST);
        assertThat(config.path("port").asInt()).as(getconfig.body()).isEqualTo(PUBLIC_PORT);

        int gateway = ((WebServerApplicationContext) contexts.get("gateway")).getWebServer().getPort();
        int door = contexts.get("gateway").getBean(LegacyTcpListener.class).port();
        try (WsClient alice = WsClient.login(gateway, "alice", "123456");
             TcpClient carol = TcpClient.login(door, "carol", "123456")) {
            String chat = alice.createOneToOne(carol);
            String gid = UUID.randomUUID().toString();
            JsonNode sent = alice.request(alice.named("message", "messages", List.of(Map.of("gid", gid, "cgid", chat,
                    "type", "normal", "contentType", "text", "content", "hello over the door", "date", ""))));
            assertThat(sent.path("result").asText()).as(sent.toString()).isEqualTo("success");

            JsonNode pushed = carol.awaitPacket(packet -> "message".equalsIgnoreCase(packet.path("method").asText())
                    && packet.path("data").toString().contains(gid), Duration.ofSeconds(20)).orElseThrow(
                    () -> new AssertionError("carol got no message push over TCP; lines: " + carol.frames()));
            assertThat(pushed.path("data").toString()).contains("hello over the door");
        }
    }

    /**
     * The 2.x client's way in, with the token key the chart's Secret hands presence, gateway and file service
     * alike: presence's /serverInfo issues a token and socket URL, the gateway's encrypted door opens on them
     * (the test plays the ingress: the URL's path and query go to the gateway's port), and the 2.x user gets a
     * WebSocket user's message. With keys that differ (a blank secret: one per process; or two values), the
     * handshake would be refused with 401.
     */
    @Test
    void aTwoDotXClientLogsInWithTheChartsTokenKeyAndGetsAMessage() {
        for (String service : List.of("presence", "gateway", "file")) {
            assertThat(environments.get(service)).as(service).containsEntry("XUANXUAN_XXC_SECRET", XXC_SECRET);
        }
        int presence = ((WebServerApplicationContext) contexts.get("presence")).getWebServer().getPort();
        int gateway = ((WebServerApplicationContext) contexts.get("gateway")).getWebServer().getPort();
        XxcClient.ServerInfoReply info = XxcClient.serverInfo("http://127.0.0.1:" + presence, "xx", "dave",
                WsClient.md5("123456"));
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        URI handedOut = URI.create(info.socketUrl());
        String socketUrl = "ws://127.0.0.1:" + gateway + handedOut.getRawPath() + "?" + handedOut.getRawQuery();

        try (XxcClient dave = XxcClient.connect(socketUrl, info.token());
             WsClient alice = WsClient.login(gateway, "alice", "123456")) {
            dave.send("chat", "login", XxcClient.params("xx", "dave", WsClient.md5("123456"), "online"));
            JsonNode login = dave.expect("chat", "login");
            assertThat(login.path("result").asText()).as(login.toString()).isEqualTo("success");
            long daveId = login.path("data").path("id").asLong();
            long aliceId = alice.user.path("id").asLong();
            String chat = Math.min(aliceId, daveId) + "&" + Math.max(aliceId, daveId);
            JsonNode created = alice.request(alice.named("create", "gid", chat, "name", "", "type", "one2one",
                    "members", List.of(aliceId, daveId)));
            assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");

            String gid = UUID.randomUUID().toString();
            JsonNode sent = alice.request(alice.named("message", "messages", List.of(Map.of("gid", gid, "cgid", chat,
                    "type", "normal", "contentType", "text", "content", "hello to a 2.x client", "date", ""))));
            assertThat(sent.path("result").asText()).as(sent.toString()).isEqualTo("success");
            JsonNode pushed = dave.awaitPacket(packet -> "message".equals(packet.path("method").asText())
                    && packet.path("data").toString().contains(gid), Duration.ofSeconds(20)).orElseThrow(
                    () -> new AssertionError("the 2.x client got no message push; items: " + dave.frames()));
            assertThat(pushed.path("data").toString()).contains("hello to a 2.x client");
        }
    }

    /** Values for the test's infrastructure: what an operator gives for theirs. */
    private static String values(Map<String, TestDatabases.MariaDb> databases) {
        TestDatabases.MariaDb any = databases.get("presence");
        StringBuilder values = new StringBuilder();
        values.append("kafka:\n  bootstrapServers: ").append(kafka.bootstrapServers()).append("\n  partitions: 4\n");
        values.append("database:\n  host: ").append(any.host()).append("\n  port: ").append(any.port())
                .append("\n  username: ").append(any.user()).append("\n  password: '").append(any.password()).append("'\n");
        values.append("s3:\n  endpoint: ").append(s3.endpoint()).append("\n  bucket: xuanxuan-files\n  region: us-east-1\n")
                .append("  accessKey: ").append(S3ProxyServer.ACCESS_KEY).append("\n  secretKey: ")
                .append(S3ProxyServer.SECRET_KEY).append('\n');
        databases.forEach((service, db) ->
                values.append(service).append(":\n  database:\n    name: ").append(db.database()).append('\n'));
        // the 1.0 client's TCP door, behind a load balancer of this public name and port
        values.append("gateway:\n  tcp:\n    enabled: true\n    publicHost: ").append(PUBLIC_HOST)
                .append("\n    publicPort: ").append(PUBLIC_PORT).append('\n');
        // the 2.x clients' token key, shared by presence, gateway and file service through the chart's Secret
        values.append("xxc:\n  secret: ").append(XXC_SECRET).append('\n');
        return values.toString();
    }

    /** Each component's environment as the kubelet builds it from the rendered manifests. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> renderedEnvironments(String values) throws Exception {
        Path valuesFile = Files.createTempFile("xx-helm-values-", ".yaml");
        Files.writeString(valuesFile, values);
        String rendered;
        try {
            rendered = new Helm(CHART).template().withName("xx").withValuesFile(valuesFile).call();
        } finally {
            Files.deleteIfExists(valuesFile);
        }
        YAMLMapper yaml = YAMLMapper.builder().build();
        Map<String, Map<String, Object>> byKindAndName = new LinkedHashMap<>();
        for (String part : rendered.split("(?m)^---\\s*$")) {
            if (part.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object document = yaml.readValue(part, Object.class);
            if (document instanceof Map<?, ?> map) {
                Map<String, Object> resource = (Map<String, Object>) map;
                byKindAndName.put(resource.get("kind") + "/" + ((Map<String, Object>) resource.get("metadata")).get("name"),
                        resource);
            }
        }
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (String service : ORDER) {
            Map<String, Object> deployment = byKindAndName.get("Deployment/xx-xuanxuan-" + service);
            assertThat(deployment).as("the chart's Deployment of " + service).isNotNull();
            Map<String, Object> container = ((List<Map<String, Object>>) path(deployment, "spec", "template", "spec")
                    .get("containers")).get(0);
            Map<String, String> env = new LinkedHashMap<>();
            for (Map<String, Object> from : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
                String name = String.valueOf(path(from, "configMapRef").get("name"));
                path(byKindAndName.get("ConfigMap/" + name), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
            for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
                Map<String, Object> secretRef = path(variable, "valueFrom", "secretKeyRef");
                String value = secretRef.isEmpty() ? String.valueOf(variable.get("value"))
                        : new String(Base64.getDecoder().decode(String.valueOf(path(byKindAndName.get(
                                "Secret/" + secretRef.get("name")), "data").get(secretRef.get("key")))), StandardCharsets.UTF_8);
                env.put(String.valueOf(variable.get("name")), value);
            }
            environments.put(service, env);
        }
        return environments;
    }

    /** The service's application with the rendered environment as its whole process environment. */
    private static ConfigurableApplicationContext start(String service, Map<String, String> rendered) {
        Map<String, Object> env = new LinkedHashMap<>(rendered);
        env.remove("JAVA_TOOL_OPTIONS");
        env.replaceAll((name, value) -> (name.matches("XX_[A-Z]+_(MANAGEMENT_)?PORT") && !name.equals("XX_DB_PORT"))
                || name.equals("XUANXUAN_GATEWAY_TCP_PORT") ? "0" : value);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        ConfigurableApplicationContext started = new SpringApplicationBuilder(APPLICATIONS.get(service))
                .environment(environment)
                // what each service's main() sets
                .properties("spring.config.name=" + service + "-service", "server.address=127.0.0.1")
                // five contexts share this JVM
                .initializers(new OwnNettyResources())
                // the actuator's child context of gateway and file service takes its port from the JVM's own
                // environment, not from the one replaced here: a random port by argument, as DistributedCluster does
                .run(env.containsKey("XX_" + service.toUpperCase() + "_MANAGEMENT_PORT")
                        ? new String[] {"--management.server.port=0"} : new String[0]);
        return started;
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> from, String... keys) {
        Map<String, Object> current = from == null ? Map.of() : from;
        for (String key : keys) {
            Object next = current.get(key);
            current = next instanceof Map ? (Map<String, Object>) next : Map.of();
        }
        return current;
    }
}
