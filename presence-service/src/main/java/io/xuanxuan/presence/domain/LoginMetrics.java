package io.xuanxuan.presence.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code xuanxuan.logins} (counter; the 2.x clients' {@code POST /serverInfo} checks are counted apart, as
 * {@code xuanxuan.serverinfo.logins}, since each is followed by a socket login counted here), tags {@code outcome} ({@code success}, {@code failure}) and {@code reason}
 * ({@code none} on success; {@link LoginResult.Reason#tag()}, {@code invalid_request} for bad parameters,
 * {@code error} for a failure of the server). Never the account: tags must stay few.
 */
public class LoginMetrics {

    public static final String LOGINS = "xuanxuan.logins";
    public static final String SERVER_INFO_LOGINS = "xuanxuan.serverinfo.logins";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String ERROR = "error";

    private final MeterRegistry registry;
    private final String name;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param registry null: count nothing */
    public LoginMetrics(MeterRegistry registry) {
        this(registry, LOGINS);
    }

    /**
     * @param registry null: count nothing
     * @param name     {@link #LOGINS} or {@link #SERVER_INFO_LOGINS}
     */
    public LoginMetrics(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
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
        return counters.computeIfAbsent(outcome + '/' + reason, ignored -> Counter.builder(name)
                .description("Login attempts, by outcome and the reason of a failure")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry));
    }
}
