package io.xuanxuan.file.domain;

/** What the file service knows of a user and a chat, from chat events. */
public enum ChatAccess {
    UNKNOWN_CHAT, NOT_MEMBER, MEMBER
}
