package io.xuanxuan.offline;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The offline service running on its own (distributed mode); configuration in offline-service.yml. */
@SpringBootApplication
public class OfflineServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(OfflineServiceApplication.class)
                .properties("spring.config.name=offline-service")
                .run(args);
    }
}
