package io.xuanxuan.presence.domain;

/** The live session of a user: which connection on which gateway holds it. */
public record Session(long userId, String sid, String gatewayId, String connectionId, long createdAt) {
}
