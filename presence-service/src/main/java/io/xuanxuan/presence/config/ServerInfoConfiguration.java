package io.xuanxuan.presence.config;

import io.xuanxuan.model.xxc.XxcTokens;
import io.xuanxuan.presence.api.ServerInfoCors;
import io.xuanxuan.presence.api.ServerInfoHandler;
import io.xuanxuan.presence.api.ServerInfoRoutes;
import io.xuanxuan.presence.api.SocketBase;
import io.xuanxuan.presence.domain.LoginService;
import io.xuanxuan.presence.domain.ServerInfoLogins;
import io.micrometer.core.instrument.MeterRegistry;
import io.xuanxuan.presence.domain.LoginMetrics;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /serverInfo}, the 2.x clients' login ({@code xuanxuan.xxc.enabled}, on by default), on the HTTP
 * port of whatever runs presence (the standalone server's one port; presence's own when apart). A class of its
 * own so the switch can be tested without the rest of presence. The tokens are not a bean: the gateway and the
 * file service make their own from the same secret (in one process, a blank secret is the same random one).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "xuanxuan.xxc.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PresenceXxcProperties.class)
public class ServerInfoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerInfoConfiguration.class);

    @Bean
    public ServerInfoHandler serverInfoHandler(LoginService logins, PresenceXxcProperties properties, Clock clock,
                                               ObjectProvider<MeterRegistry> meters) {
        XxcTokens tokens = XxcTokens.of(properties.secret());
        if (tokens.processLocal()) {
            // right for the standalone server; apart, the gateway could not open what presence hands out
            log.info("xuanxuan.xxc.secret is not set: the 2.x clients' tokens are good in this process only "
                    + "(set it, the same for presence, gateway and file service, when they run apart)");
        }
        ServerInfoLogins serverInfo = new ServerInfoLogins(logins, tokens, properties.uploadFileSize().toBytes(), clock,
                new LoginMetrics(meters.getIfAvailable(), LoginMetrics.SERVER_INFO_LOGINS));
        return new ServerInfoHandler(serverInfo, new SocketBase(properties.configuredSocketUrl()));
    }

    @Bean
    public RouterFunction<ServerResponse> presenceServerInfoRoutes(ServerInfoHandler serverInfoHandler) {
        return ServerInfoRoutes.routes(serverInfoHandler);
    }

    /** Answers the CORS preflight of {@code /serverInfo}; every other request passes untouched. */
    @Bean
    public ServerInfoCors serverInfoCors() {
        return new ServerInfoCors();
    }
}
