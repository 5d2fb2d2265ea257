package io.xuanxuan.model.protocol;

/** The {@code data} of a busy refusal, for a program: {@code {"retryAfter": seconds}}. */
public record RetryAfter(long retryAfter) {
}
