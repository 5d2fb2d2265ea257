package io.xuanxuan.offline.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the offline service ({@code xuanxuan.offline.*}); a value out of its range stops the start-up
 * with the property's name and what it must be.
 *
 * @param flushBatch queued pushes per frame when the queue is flushed at login
 */
@Validated
@ConfigurationProperties("xuanxuan.offline")
public record OfflineProperties(@DefaultValue("200") @Min(1) int flushBatch) {

    /** Every setting at its default. */
    public static OfflineProperties defaults() {
        return new Binder().bindOrCreate("xuanxuan.offline", OfflineProperties.class);
    }
}
