package io.xuanxuan.chat.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the chat service ({@code xuanxuan.chat.*}), checked when they are bound: a value out of range
 * stops the start with the property's name, the value and what it must be.
 *
 * @param maxMessageLength      longest message content, in characters (non-text content: its JSON text)
 * @param maxMessagesPerRequest most messages one {@code message} request may carry
 * @param maxHistoryPageSize    largest {@code recPerPage} of {@code history}; larger requests get this many
 * @param maxUsersPerRequest    most user ids one request may name (create's and addmember's members,
 *                              setAdmin's admins, committers)
 * @param deliveriesPerSecond   deliveries (messages x recipients) each user may cause per second, refilled
 *                              continuously; 0 turns the delivery budget off
 * @param deliveriesBurst       the most deliveries a user may cause at once, and so the most one message
 *                              request may cost
 * @param systemChatPosters     who may post in the system chat besides its admins (while it has none: the
 *                              system administrators): role names, or {@code *} for every member
 * @param sync                  the login sync ({@code xuanxuan.chat.sync.*})
 * @param cache                 the chats and users kept in memory ({@code xuanxuan.chat.cache.*})
 * @param insertBatch           how messages sent at the same time are written ({@code xuanxuan.chat.insert-batch.*})
 * @param instanceId            this instance's name among the chat-service replicas: its cache reads the chat and
 *                              presence events as group {@code chat-view-<instance-id>}. Empty: a random one per
 *                              start (each start leaves a group behind on Kafka until the broker expires its
 *                              offsets); give each replica a stable name in production
 */
@Validated
@ConfigurationProperties("xuanxuan.chat")
public record ChatProperties(
        @DefaultValue("32000") @Positive int maxMessageLength,
        @DefaultValue("100") @Positive int maxMessagesPerRequest,
        @DefaultValue("200") @Positive int maxHistoryPageSize,
        @DefaultValue("1000") @Min(1) int maxUsersPerRequest,
        @DefaultValue("2000") double deliveriesPerSecond,
        @DefaultValue("20000") long deliveriesBurst,
        @DefaultValue List<String> systemChatPosters,
        @DefaultValue @Valid Sync sync,
        @DefaultValue @Valid Cache cache,
        @DefaultValue @Valid InsertBatch insertBatch,
        @DefaultValue("") String instanceId) {

    public ChatProperties {
        systemChatPosters = systemChatPosters == null ? List.of() : List.copyOf(systemChatPosters);
        instanceId = instanceId == null ? "" : instanceId.trim();
    }

    /** The settings as bound from no properties at all: every default (for tests and tools). */
    public static ChatProperties defaults() {
        return of(Map.of());
    }

    /**
     * The settings bound from these properties (names below {@code xuanxuan.chat}, e.g. {@code max-rows} as
     * {@code insert-batch.max-rows}), defaults for the rest; not validated (for tests and tools).
     */
    public static ChatProperties of(Map<String, String> properties) {
        Map<String, String> named = new java.util.HashMap<>();
        properties.forEach((name, value) -> named.put("xuanxuan.chat." + name, value));
        return new Binder(new MapConfigurationPropertySource(named))
                .bindOrCreate("xuanxuan.chat", Bindable.of(ChatProperties.class));
    }

    /** A budget that is on needs room for at least one delivery. */
    @AssertTrue(message = "deliveries-burst must be at least 1 while deliveries-per-second is above 0")
    public boolean isDeliveriesBurstUsable() {
        return deliveriesPerSecond <= 0 || deliveriesBurst >= 1;
    }

    /**
     * The login sync (DESIGN.md section 4): after {@code getList}, a connection gets the messages of its
     * user's chats above the user's cursor of each, in pages.
     *
     * @param pageSize messages per sync delivery (one database query each); the last page may have fewer
     * @param maxAge   how far back a sync reaches (by the message's date): a user away for longer gets the newer
     *                 messages at login and finds the older ones in each chat's history
     */
    public record Sync(@DefaultValue("200") @Min(1) int pageSize, @DefaultValue("30d") @NotNull Duration maxAge) {

        @AssertTrue(message = "max-age must be positive")
        public boolean isMaxAgePositive() {
            return maxAge == null || (!maxAge.isNegative() && !maxAge.isZero());
        }
    }

    /**
     * What chat reads for every message, kept in memory (loaded from the database on a miss, evicted on
     * every change and on the chat/presence events of other instances).
     *
     * @param maxChats most chats (with their members) kept in memory
     * @param maxUsers most users kept in memory
     */
    public record Cache(@DefaultValue("10000") @Min(1) long maxChats, @DefaultValue("100000") @Min(1) long maxUsers) {
    }

    /**
     * Messages sent at the same time are written together ({@code MessageInsertBatcher}): at most
     * {@code maxInFlight} inserts run at once, and what waits meanwhile goes out as one statement of up to
     * {@code maxRows} rows.
     */
    public record InsertBatch(@DefaultValue("100") @Min(1) @Max(1000) int maxRows,
                              @DefaultValue("2") @Min(1) int maxInFlight) {
    }
}
