package io.xuanxuan.chat.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the chat service ({@code xuanxuan.chat.*}). */
@ConfigurationProperties("xuanxuan.chat")
public class ChatProperties {

    /** Longest message content, in characters (non-text content: its JSON text). */
    private int maxMessageLength = 32_000;
    /** Most messages one {@code message} request may carry. */
    private int maxMessagesPerRequest = 100;
    /** Largest {@code recPerPage} of {@code history}; larger requests get this many. */
    private int maxHistoryPageSize = 200;

    public int getMaxMessageLength() {
        return maxMessageLength;
    }

    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    public int getMaxMessagesPerRequest() {
        return maxMessagesPerRequest;
    }

    public void setMaxMessagesPerRequest(int maxMessagesPerRequest) {
        this.maxMessagesPerRequest = maxMessagesPerRequest;
    }

    public int getMaxHistoryPageSize() {
        return maxHistoryPageSize;
    }

    public void setMaxHistoryPageSize(int maxHistoryPageSize) {
        this.maxHistoryPageSize = maxHistoryPageSize;
    }
}
