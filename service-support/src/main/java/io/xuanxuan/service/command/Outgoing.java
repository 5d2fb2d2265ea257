package io.xuanxuan.service.command;

/** One record a handler wants published after its work is stored. */
public record Outgoing(String topic, String key, Object record) {
}
