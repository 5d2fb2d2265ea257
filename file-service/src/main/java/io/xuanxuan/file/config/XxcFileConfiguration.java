package io.xuanxuan.file.config;

import io.xuanxuan.file.api.FileHttpHandler;
import io.xuanxuan.file.api.XxcCors;
import io.xuanxuan.file.api.XxcFileHttpHandler;
import io.xuanxuan.file.api.XxcFileRoutes;
import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.XxcFileAccess;
import io.xuanxuan.file.store.FileSessionStore;
import io.xuanxuan.model.xxc.XxcTokens;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The 2.x clients' {@code /upload} and {@code /download} with their CORS; none of it with {@code xuanxuan.xxc.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "xuanxuan.xxc.enabled", havingValue = "true", matchIfMissing = true)
public class XxcFileConfiguration {

    @Bean
    public XxcFileAccess xxcFileAccess(FileXxcProperties properties, FileSessionStore sessions, Clock clock) {
        return new XxcFileAccess(XxcTokens.of(properties.secret()), sessions, properties.recentSessionAge(), clock);
    }

    @Bean
    public XxcFileHttpHandler xxcFileHttpHandler(FileHttpHandler fileHttpHandler, FileService fileService,
                                                 XxcFileAccess xxcFileAccess) {
        return new XxcFileHttpHandler(fileHttpHandler, fileService, xxcFileAccess);
    }

    @Bean
    public RouterFunction<ServerResponse> xxcFileRoutes(XxcFileHttpHandler xxcFileHttpHandler) {
        return XxcFileRoutes.routes(xxcFileHttpHandler);
    }

    @Bean
    public XxcCors xxcFileCors() {
        return new XxcCors();
    }
}
