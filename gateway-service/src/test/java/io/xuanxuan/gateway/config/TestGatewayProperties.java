package io.xuanxuan.gateway.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Gateway settings for a test without a Spring context: bound like the application's, defaults and all. */
public final class TestGatewayProperties {

    private TestGatewayProperties() {
    }

    /** The settings with {@code values} (names under {@code xuanxuan.gateway}, e.g. {@code cursor.batch-size}). */
    public static GatewayProperties of(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((name, value) -> prefixed.put("xuanxuan.gateway." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("xuanxuan.gateway", GatewayProperties.class);
    }
}
