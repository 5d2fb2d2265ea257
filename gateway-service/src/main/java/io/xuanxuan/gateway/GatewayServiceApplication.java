package io.xuanxuan.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The WebSocket gateway running on its own (distributed mode); configuration in gateway-service.yml. */
@SpringBootApplication
public class GatewayServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayServiceApplication.class)
                .properties("spring.config.name=gateway-service")
                .run(args);
    }
}
