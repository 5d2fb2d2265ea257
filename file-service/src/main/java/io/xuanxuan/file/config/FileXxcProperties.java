package io.xuanxuan.file.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the file service reads of the 2.x clients' settings ({@code xuanxuan.xxc.*}; presence and the gateway read
 * theirs from the same names).
 *
 * @param secret                the key of the 2.x tokens ({@code XxcTokens}); blank: one per process (standalone).
 *                              Services run apart must share it, or the file service refuses every upload
 * @param enabled               serve {@code POST /upload} and {@code GET /download}; false: neither path exists
 * @param recentSessionAge      how long after a session ended its sid still opens download links signed with it
 * @param recentSessionsPerUser ended sessions kept per user for that (the newest)
 */
@Validated
@ConfigurationProperties("xuanxuan.xxc")
public record FileXxcProperties(
        String secret,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24h") @NotNull @DurationMin(nanos = 0, message = "must be 0 or more") Duration recentSessionAge,
        @DefaultValue("10") @Min(0) @Max(1000) int recentSessionsPerUser) {

    public FileXxcProperties {
        secret = secret == null ? "" : secret;
    }
}
