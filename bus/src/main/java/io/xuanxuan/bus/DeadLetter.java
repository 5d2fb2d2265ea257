package io.xuanxuan.bus;

/**
 * What the dead-letter topic {@code <topic>.dlt} receives: the original record as JSON text, and why
 * it could not be processed.
 */
public record DeadLetter(String topic, String key, String group, String record, String reason, long at) {
}
