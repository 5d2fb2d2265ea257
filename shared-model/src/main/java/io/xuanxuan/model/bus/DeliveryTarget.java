package io.xuanxuan.model.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * Who a delivery is for: exactly one of a connection, a set of users, or every logged-in user but one.
 * Every gateway reads every delivery and writes it to the matching connections it holds.
 */
public record DeliveryTarget(String connectionId, List<Long> userIds, Long allExceptUserId) {

    public DeliveryTarget {
        int set = (connectionId != null ? 1 : 0) + (userIds != null ? 1 : 0) + (allExceptUserId != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("a delivery target names exactly one of connection, users, all-except");
        }
        userIds = userIds == null ? null : List.copyOf(userIds);
    }

    public static DeliveryTarget connection(String connectionId) {
        return new DeliveryTarget(connectionId, null, null);
    }

    public static DeliveryTarget users(List<Long> userIds) {
        return new DeliveryTarget(null, userIds, null);
    }

    public static DeliveryTarget user(long userId) {
        return new DeliveryTarget(null, List.of(userId), null);
    }

    /** Every logged-in user except {@code userId} (e.g. the {@code login} push to the others). */
    public static DeliveryTarget allExcept(long userId) {
        return new DeliveryTarget(null, null, userId);
    }

    @JsonIgnore
    public boolean isConnection() {
        return connectionId != null;
    }
}
