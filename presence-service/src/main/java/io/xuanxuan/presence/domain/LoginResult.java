package io.xuanxuan.presence.domain;

/** What a login attempt came to. */
public sealed interface LoginResult {

    /** Logged in; {@code replaced} is the session of another connection that must be kicked off, or null. */
    record Success(Account account, Session session, Session replaced) implements LoginResult {
    }

    /** Refused; the message tells the person what to do, the reason is for the operator's metrics. */
    record Failure(String message, Reason reason) implements LoginResult {
    }

    /** Why a login was refused: a few fixed values, so they can be a metric's tag. */
    enum Reason {
        /** Unknown account or wrong password (the two are not told apart, to the client or the metric). */
        WRONG_CREDENTIALS("wrong_credentials"),
        /** The account is locked after too many failures. */
        LOCKED("locked"),
        /** Password verification was at its bound, or the login waited too long on the bus. */
        BUSY("busy");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }
}
