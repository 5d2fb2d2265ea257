package io.xuanxuan.presence.domain;

/** What a login attempt came to. */
public sealed interface LoginResult {

    /** Logged in; {@code replaced} is the session of another connection that must be kicked off, or null. */
    record Success(Account account, Session session, Session replaced) implements LoginResult {
    }

    /** Refused; the message tells the person what to do. */
    record Failure(String message) implements LoginResult {
    }
}
