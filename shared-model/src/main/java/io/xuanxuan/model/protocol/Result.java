package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code result} of a response. */
public enum Result {
    SUCCESS, FAIL, DENIED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
