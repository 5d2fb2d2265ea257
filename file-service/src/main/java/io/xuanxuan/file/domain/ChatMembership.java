package io.xuanxuan.file.domain;

/** Whether a user is a member of a chat, as the file service knows it from chat events (its own copy of the members). */
public enum ChatMembership {
    UNKNOWN_CHAT, NOT_MEMBER, MEMBER
}
