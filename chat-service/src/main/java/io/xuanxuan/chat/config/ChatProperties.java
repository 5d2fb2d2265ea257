package io.xuanxuan.chat.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** Most user ids one request may name (create's and addmember's members, setAdmin's admins, committers). */
    private int maxUsersPerRequest = 1000;
    /**
     * Deliveries (messages x recipients) each user may cause per second, refilled continuously; 0 turns the
     * delivery budget off.
     */
    private double deliveriesPerSecond = 2000;
    /** The most deliveries a user may cause at once, and so the most one message request may cost. */
    private long deliveriesBurst = 20_000;
    /**
     * Who may post in the system chat besides its admins (while it has none: the system administrators):
     * role names, or {@code *} for every member.
     */
    private List<String> systemChatPosters = new ArrayList<>();
    /** The login sync ({@code xuanxuan.chat.sync.*}). */
    private final Sync sync = new Sync();
    /** The chats and users kept in memory ({@code xuanxuan.chat.cache.*}). */
    private final Cache cache = new Cache();

    private final InsertBatch insertBatch = new InsertBatch();
    /**
     * This instance's name among the chat-service replicas: its cache reads the chat and presence events as
     * group {@code chat-view-<instance-id>}. Empty: a random one per start (each start leaves a group behind
     * on Kafka until the broker expires its offsets); give each replica a stable name in production.
     */
    private String instanceId = "";

    /**
     * What chat reads for every message, kept in memory (loaded from the database on a miss, evicted on
     * every change and on the chat/presence events of other instances).
     */
    public static class Cache {
        /** Most chats (with their members) kept in memory. */
        private long maxChats = 10_000;
        /** Most users kept in memory. */
        private long maxUsers = 100_000;

        public long getMaxChats() {
            return maxChats;
        }

        public void setMaxChats(long maxChats) {
            if (maxChats < 1) {
                throw new IllegalArgumentException("xuanxuan.chat.cache.max-chats must be at least 1: " + maxChats);
            }
            this.maxChats = maxChats;
        }

        public long getMaxUsers() {
            return maxUsers;
        }

        public void setMaxUsers(long maxUsers) {
            if (maxUsers < 1) {
                throw new IllegalArgumentException("xuanxuan.chat.cache.max-users must be at least 1: " + maxUsers);
            }
            this.maxUsers = maxUsers;
        }
    }

    public Cache getCache() {
        return cache;
    }

    /**
     * Messages sent at the same time are written together ({@code MessageInsertBatcher}): at most
     * {@code maxInFlight} inserts run at once, and what waits meanwhile goes out as one statement of up to
     * {@code maxRows} rows.
     */
    public static class InsertBatch {
        private int maxRows = 100;
        private int maxInFlight = 2;

        public int getMaxRows() {
            return maxRows;
        }

        public void setMaxRows(int maxRows) {
            if (maxRows < 1 || maxRows > 1000) {
                throw new IllegalArgumentException("xuanxuan.chat.insert-batch.max-rows must be 1 to 1000: " + maxRows);
            }
            this.maxRows = maxRows;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("xuanxuan.chat.insert-batch.max-in-flight must be at least 1: "
                        + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
        }
    }

    public InsertBatch getInsertBatch() {
        return insertBatch;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId == null ? "" : instanceId.trim();
    }

    /**
     * The login sync (DESIGN.md section 4): after {@code getList}, a connection gets the messages of its
     * user's chats above the user's cursor of each, in pages.
     */
    public static class Sync {
        /** Messages per sync delivery (one database query each); the last page may have fewer. */
        private int pageSize = 200;
        /**
         * How far back a sync reaches (by the message's date): a user away for longer gets the newer
         * messages at login and finds the older ones in each chat's history.
         */
        private Duration maxAge = Duration.ofDays(30);

        public int getPageSize() {
            return pageSize;
        }

        public void setPageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("xuanxuan.chat.sync.page-size must be at least 1: " + pageSize);
            }
            this.pageSize = pageSize;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("xuanxuan.chat.sync.max-age must be positive: " + maxAge);
            }
            this.maxAge = maxAge;
        }
    }

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

    public int getMaxUsersPerRequest() {
        return maxUsersPerRequest;
    }

    public void setMaxUsersPerRequest(int maxUsersPerRequest) {
        this.maxUsersPerRequest = maxUsersPerRequest;
    }

    public double getDeliveriesPerSecond() {
        return deliveriesPerSecond;
    }

    public void setDeliveriesPerSecond(double deliveriesPerSecond) {
        this.deliveriesPerSecond = deliveriesPerSecond;
    }

    public long getDeliveriesBurst() {
        return deliveriesBurst;
    }

    public void setDeliveriesBurst(long deliveriesBurst) {
        this.deliveriesBurst = deliveriesBurst;
    }

    public Sync getSync() {
        return sync;
    }

    public List<String> getSystemChatPosters() {
        return systemChatPosters;
    }

    public void setSystemChatPosters(List<String> systemChatPosters) {
        this.systemChatPosters = systemChatPosters;
    }
}
