package io.xuanxuan.distributed;

import io.xuanxuan.chat.ChatServiceApplication;
import io.xuanxuan.file.FileServiceApplication;
import io.xuanxuan.file.storage.S3ProxyServer;
import io.xuanxuan.gateway.GatewayServiceApplication;
import io.xuanxuan.model.protocol.LegacyTcpListener;
import io.xuanxuan.offline.OfflineServiceApplication;
import io.xuanxuan.presence.PresenceServiceApplication;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.standalone.ChatRulesProtocolSuite;
import io.xuanxuan.standalone.OwnNettyResources;
import io.xuanxuan.standalone.TestClock;
import io.xuanxuan.standalone.XxcLoginProtocolSuite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The distributed topology in one test JVM: every service in its own application context, talking to
 * the others only through a Kafka broker (a separate process), each service with its own MariaDB
 * database, two instances of chat and of offline sharing their partitions, and two gateways, each with its
 * WebSocket and its TCP door (1.0 clients) open. Started once for all distributed test classes.
 */
final class DistributedCluster {

    /** Two instances of chat and offline: each pair shares its work as one consumer group. */
    static final List<String> SERVICES = List.of("presence", "chat", "chat-2", "offline", "offline-2", "file",
            "gateway-a", "gateway-b");

    private static DistributedCluster instance;

    private final KafkaBrokerProcess kafka = new KafkaBrokerProcess();
    private final S3ProxyServer s3 = startS3();
    private final TestClock clock = new TestClock();
    private final Map<String, TestDatabases.MariaDb> databases = new LinkedHashMap<>();
    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final AtomicInteger nextGateway = new AtomicInteger();
    /** The 2.x clients' token secret, one for every service that issues or checks tokens (presence, gateways, file). */
    private final String xxcSecret = java.util.UUID.randomUUID().toString();

    /** The running cluster; skips the calling test when no MariaDB is configured. */
    static synchronized DistributedCluster get() {
        if (instance == null) {
            for (String service : List.of("presence", "chat", "offline", "file")) {
                // checked before anything starts: skips (assumption) without MariaDB
                TestDatabases.MariaDb db = TestDatabases.emptyMariaDb("xx_dist_" + service);
                if (instance == null) {
                    instance = new DistributedCluster();
                }
                instance.databases.put(service, db);
            }
            try {
                instance.startAll();
            } catch (RuntimeException e) {
                instance.stopAll();
                instance = null;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll));
        }
        return instance;
    }

    private void startAll() {
        kafka.start();
        for (String service : SERVICES) {
            start(service);
        }
    }

    synchronized void start(String service) {
        if (!contexts.containsKey(service)) {
            List<String> properties = properties(service);
            // command-line arguments: they win over the service's own configuration files
            contexts.put(service, new SpringApplicationBuilder(application(service))
                    .initializers(context -> {
                        context.getBeanFactory().registerSingleton("testClock", clock);
                        // separate processes in production; here the contexts share a JVM
                        new OwnNettyResources().initialize(context);
                    })
                    .run(properties.stream().map(p -> "--" + p).toArray(String[]::new)));
        }
    }

    synchronized void stop(String service) {
        ConfigurableApplicationContext context = contexts.remove(service);
        if (context != null) {
            context.close();
        }
    }

    synchronized void restart(String service) {
        stop(service);
        start(service);
    }

    KafkaBrokerProcess kafka() {
        return kafka;
    }

    TestClock clock() {
        return clock;
    }

    AccountStore accounts() {
        return contexts.get("presence").getBean(AccountStore.class);
    }

    int gatewayPort(String gateway) {
        return port(gateway);
    }

    int port(String service) {
        return ((WebServerApplicationContext) contexts.get(service)).getWebServer().getPort();
    }

    <T> T bean(String service, Class<T> type) {
        return contexts.get(service).getBean(type);
    }

    /** The directory the S3 server keeps the file service's bucket in. */
    java.nio.file.Path s3Root() {
        return s3.root();
    }

    private static S3ProxyServer startS3() {
        try {
            return new S3ProxyServer(java.nio.file.Files.createTempDirectory("xx-s3-"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the S3 server", e);
        }
    }

    /** The gateways in turn, so the clients of one test sit on different gateways. */
    int nextGatewayPort() {
        return gatewayPort(nextGateway());
    }

    /** The TCP door (1.0 clients) of the gateways in turn, like {@link #nextGatewayPort()}. */
    int nextGatewayTcpPort() {
        return gatewayTcpPort(nextGateway());
    }

    /** The port of a gateway's TCP door, from its running listener (bound to any free port). */
    int gatewayTcpPort(String gateway) {
        return bean(gateway, LegacyTcpListener.class).port();
    }

    private String nextGateway() {
        return nextGateway.getAndIncrement() % 2 == 0 ? "gateway-a" : "gateway-b";
    }


    private static Class<?> application(String service) {
        return switch (service) {
            case "presence" -> PresenceServiceApplication.class;
            case "chat", "chat-2" -> ChatServiceApplication.class;
            case "offline", "offline-2" -> OfflineServiceApplication.class;
            case "file" -> FileServiceApplication.class;
            default -> GatewayServiceApplication.class;
        };
    }

    private List<String> properties(String service) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "xuanxuan.bus.type=kafka",
                "xuanxuan.bus.partitions=4",
                "xuanxuan.bus.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "logging.level.org.apache.kafka=ERROR"));
        TestDatabases.MariaDb db = databases.get(service.replace("-2", ""));
        if (db != null) {
            properties.addAll(List.of(
                    "spring.r2dbc.url=" + db.r2dbcUrl(),
                    "spring.r2dbc.username=" + db.user(),
                    "spring.r2dbc.password=" + db.password(),
                    "xuanxuan.db.jdbc-url=" + db.jdbcUrl(),
                    "xuanxuan.db.username=" + db.user(),
                    "xuanxuan.db.password=" + db.password()));
        }
        switch (service) {
            case "presence" -> {
                properties.add("spring.config.name=presence-service");
                properties.add("xuanxuan.presence.bcrypt-strength=6");
                properties.add("xuanxuan.presence.import-file=../standalone/src/test/resources/test-accounts.csv");
                // gateways announce themselves every second (below): one silent for 10 s is gone
                properties.add("xuanxuan.presence.gateway-timeout=10s");
                properties.add("xuanxuan.presence.gateway-check-interval=1s");
                properties.add("xuanxuan.xxc.secret=" + xxcSecret);
            }
            case "chat", "chat-2" -> {
                properties.add("spring.config.name=chat-service");
                // the same chat settings as the standalone test server: ChatRulesProtocolSuite needs them
                properties.addAll(ChatRulesProtocolSuite.SERVER_PROPERTIES);
            }
            case "offline", "offline-2" -> properties.add("spring.config.name=offline-service");
            case "file" -> properties.addAll(List.of(
                    "spring.config.name=file-service",
                    "management.server.port=0",
                    "xuanxuan.files.store=minio",
                    "xuanxuan.files.minio.endpoint=" + s3.endpoint(),
                    "xuanxuan.files.minio.access-key=" + S3ProxyServer.ACCESS_KEY,
                    "xuanxuan.files.minio.secret-key=" + S3ProxyServer.SECRET_KEY,
                    "xuanxuan.files.minio.region=us-east-1",
                    "xuanxuan.files.minio.bucket=xuanxuan-files",
                    "xuanxuan.xxc.secret=" + xxcSecret));
            default -> {
                properties.add("spring.config.name=gateway-service");
                properties.add("management.server.port=0"); // its own port, random: two gateways run here
                properties.add("xuanxuan.gateway.id=" + service.replace("-", ""));
                properties.add("xuanxuan.gateway.requests-per-second=2000");
                properties.add("xuanxuan.gateway.burst=2000");
                properties.add("xuanxuan.gateway.heartbeat-interval=1s");
                // the 1.0 client's TCP door, on a free port: the suites' TCP variants connect there
                properties.add("xuanxuan.gateway.tcp.enabled=true");
                properties.add("xuanxuan.gateway.tcp.port=0");
                // the 2.x door: the deployment's token secret, and the short keepalive the 2.x login suite waits for
                properties.add("xuanxuan.xxc.secret=" + xxcSecret);
                properties.add(XxcLoginProtocolSuite.KEEPALIVE_INTERVAL);
            }
        }
        return properties;
    }

    private synchronized void stopAll() {
        List<String> running = new ArrayList<>(contexts.keySet());
        java.util.Collections.reverse(running);
        running.forEach(this::stop);
        kafka.close();
        try {
            s3.close();
        } catch (Exception e) {
            // the JVM is ending: nothing else to do with an S3 server that would not stop
        }
    }
}
