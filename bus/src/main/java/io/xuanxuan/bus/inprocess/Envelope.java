package io.xuanxuan.bus.inprocess;

/**
 * A published record and its key, as it waits in a partition queue (the record object itself, not a copy),
 * with when it was published (epoch millis), for the consume-delay metric.
 */
record Envelope(String key, Object record, long publishedAt) {

    Envelope(String key, Object record) {
        this(key, record, System.currentTimeMillis());
    }
}
