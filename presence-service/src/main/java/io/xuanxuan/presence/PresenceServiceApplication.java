package io.xuanxuan.presence;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The presence service running on its own (distributed mode); configuration in presence-service.yml. */
@SpringBootApplication
public class PresenceServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(PresenceServiceApplication.class)
                .properties("spring.config.name=presence-service")
                .run(args);
    }
}
