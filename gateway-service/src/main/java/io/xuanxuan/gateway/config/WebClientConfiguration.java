package io.xuanxuan.gateway.config;

import io.xuanxuan.gateway.web.WebClientAssets;
import io.xuanxuan.gateway.web.WebClientRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The browser client at {@code /} ({@code xuanxuan.gateway.web-client.enabled}, on by default): its page and files
 * from the gateway's jar; every other path keeps the application's usual 404. A class of its own so that the switch
 * can be tested without a gateway.
 */
@Configuration(proxyBeanMethods = false)
public class WebClientConfiguration {

    @Bean
    @ConditionalOnProperty(name = "xuanxuan.gateway.web-client.enabled", havingValue = "true", matchIfMissing = true)
    RouterFunction<ServerResponse> gatewayWebClientRoutes() {
        return WebClientRoutes.routes(WebClientAssets.load());
    }
}
