package io.xuanxuan.model.bus;

/** The session a gateway binds to a connection after a successful login. */
public record SessionBinding(long userId, String account, String sid) {
}
