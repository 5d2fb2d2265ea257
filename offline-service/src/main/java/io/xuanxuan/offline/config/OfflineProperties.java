package io.xuanxuan.offline.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the offline service ({@code xuanxuan.offline.*}). */
@ConfigurationProperties("xuanxuan.offline")
public class OfflineProperties {

    /** Queued pushes per frame when the queue is flushed at login. */
    private int flushBatch = 200;

    public int getFlushBatch() {
        return flushBatch;
    }

    public void setFlushBatch(int flushBatch) {
        this.flushBatch = flushBatch;
    }
}
