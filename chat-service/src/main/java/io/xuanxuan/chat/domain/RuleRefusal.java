package io.xuanxuan.chat.domain;

import io.xuanxuan.model.protocol.InvalidRequestException;

/**
 * A request the chat service understood and refuses (no such chat, not a member, not allowed). The
 * dispatcher answers it {@code fail} with the message, like any invalid request; nothing was changed.
 */
public class RuleRefusal extends InvalidRequestException {
    public RuleRefusal(String message) {
        super(message);
    }
}
