package io.xuanxuan.chat.domain;

import io.xuanxuan.model.protocol.InvalidRequestException;
import java.util.Collection;

/**
 * Bounds on what one request may name, so its cost is bounded before anything is read or written: the
 * user ids of {@code create}, {@code addmember}, {@code setAdmin} and {@code setCommitters}.
 */
public final class RequestLimits {

    private final int maxUsersPerRequest;

    public RequestLimits(int maxUsersPerRequest) {
        if (maxUsersPerRequest < 1) {
            throw new IllegalArgumentException("xuanxuan.chat.max-users-per-request must be at least 1");
        }
        this.maxUsersPerRequest = maxUsersPerRequest;
    }

    public void requireFewEnoughUsers(Collection<Long> ids, String parameter) {
        if (ids.size() > maxUsersPerRequest) {
            throw new InvalidRequestException("Parameter '" + parameter + "' names " + ids.size()
                    + " users; one request may name at most " + maxUsersPerRequest + ". Send them in several requests.");
        }
    }
}
