package io.xuanxuan.presence.domain;

/**
 * What checking an account's credentials came to ({@link LoginService#verify}): the account, or the refusal a
 * login would get. Shared by the WebSocket login (which then opens a session) and {@code /serverInfo} (which
 * hands out a token and opens nothing).
 */
public sealed interface CredentialCheck {

    /** The password matched and the account is not locked; failures counted so far are cleared. */
    record Passed(Account account) implements CredentialCheck {
    }

    /** Wrong credentials, a locked account, or too busy to check: what a login answers. */
    record Refused(LoginResult.Failure failure) implements CredentialCheck {
    }
}
