package io.xuanxuan.standalone;

import io.xuanxuan.chat.config.ChatConfiguration;
import io.xuanxuan.file.config.FileConfiguration;
import io.xuanxuan.gateway.config.GatewayConfiguration;
import io.xuanxuan.offline.config.OfflineConfiguration;
import io.xuanxuan.presence.config.PresenceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The all-in-one server: the gateway and every service in one JVM, on the in-process bus and an
 * embedded H2 database under {@code ./data}. The same service code runs apart over Kafka and MySQL.
 */
@SpringBootApplication
@Import({GatewayConfiguration.class, PresenceConfiguration.class, ChatConfiguration.class,
        OfflineConfiguration.class, FileConfiguration.class})
public class StandaloneApplication {

    public static void main(String[] args) {
        SpringApplication.run(StandaloneApplication.class, args);
    }
}
