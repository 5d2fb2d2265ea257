package io.xuanxuan.presence.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code xuanxuan.logins} (counter), tags {@code outcome} ({@code success}, {@code failure}) and {@code reason}
 * ({@code none} on success; {@link LoginResult.Reason#tag()}, {@code invalid_request} for bad parameters,
 * {@code error} for a failure of the server). Never the account: tags must stay few.
 */
public class LoginMetrics {

    public static final String LOGINS = "xuanxuan.logins";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String ERROR = "error";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param registry null: count nothing */
    public LoginMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            // registered up front, so a dashboard's rate() has a series from the start
            counter("success", "none");
            counter("failure", LoginResult.Reason.WRONG_CREDENTIALS.tag());
        }
    }

    public void succeeded() {
        increment("success", "none");
    }

    public void failed(LoginResult.Reason reason) {
        increment("failure", reason.tag());
    }

    /** @param reason {@link #INVALID_REQUEST} or {@link #ERROR} */
    public void failed(String reason) {
        increment("failure", reason);
    }

    private void increment(String outcome, String reason) {
        if (registry != null) {
            counter(outcome, reason).increment();
        }
    }

    private Counter counter(String outcome, String reason) {
        return counters.computeIfAbsent(outcome + '/' + reason, ignored -> Counter.builder(LOGINS)
                .description("Login attempts, by outcome and the reason of a failure")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry));
    }
}
