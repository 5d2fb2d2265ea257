package io.xuanxuan.gateway.transport;

import io.xuanxuan.model.bus.SessionBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connections this gateway holds: by connection id, and by the user bound to them (a user may be
 * connected more than once, e.g. between a new login and the kickoff of the old connection).
 * Thread-safe; lookups never block.
 */
public class ConnectionRegistry {

    private final String gatewayId;
    /**
     * Starts at the start time in milliseconds x 1000, not at 1: a gateway restarted under the same
     * configured id must not reuse the ids of its previous run, to which deliveries may still be
     * addressed on the bus.
     */
    private final AtomicLong counter = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<Connection>> endListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ConnectionRegistry(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    /** A new connection id, {@code <gatewayId>-<n>}: unique across gateways as gateway ids are. */
    public String nextConnectionId() {
        return gatewayId + "-" + counter.incrementAndGet();
    }

    /** Runs {@code listener} for every connection once it is unregistered (its socket is gone). */
    public void onEnded(java.util.function.Consumer<Connection> listener) {
        endListeners.add(listener);
    }

    public void register(Connection connection) {
        byId.put(connection.id(), connection);
    }

    /**
     * Removes a connection whose socket is gone and marks it ended; returns the session that was bound
     * to it (the user is to be told offline), or null.
     */
    public SessionBinding unregister(Connection connection) {
        SessionBinding bound = connection.end();
        byId.remove(connection.id(), connection);
        if (bound != null) {
            removeFromUser(bound.userId(), connection);
        }
        endListeners.forEach(listener -> listener.accept(connection));
        return bound;
    }

    /**
     * Binds a login's session to a connection (replacing an earlier one on the same connection).
     * Returns false if the connection ended first: the session was then not bound to anything.
     */
    public boolean bind(Connection connection, SessionBinding session) {
        SessionBinding previous = connection.binding();
        if (!connection.bind(session)) {
            return false;
        }
        if (previous != null && previous.userId() != session.userId()) {
            removeFromUser(previous.userId(), connection);
        }
        byUser.compute(session.userId(), (user, set) -> {
            Set<Connection> connections = set != null ? set : ConcurrentHashMap.newKeySet();
            connections.add(connection);
            return connections;
        });
        if (connection.isEnded()) {
            // ended while being bound: unregister has run or runs with this binding; make sure
            // the index does not keep it
            removeFromUser(session.userId(), connection);
        }
        return true;
    }

    private void removeFromUser(long userId, Connection connection) {
        byUser.computeIfPresent(userId, (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public Optional<Connection> get(String connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }

    /** The connections bound to a user (empty if none here). */
    public Collection<Connection> ofUser(long userId) {
        Set<Connection> connections = byUser.get(userId);
        return connections != null ? List.copyOf(connections) : List.of();
    }

    /** Every connection bound to a user other than {@code userId}. */
    public List<Connection> boundExcept(long userId) {
        List<Connection> result = new ArrayList<>();
        byUser.forEach((user, connections) -> {
            if (user != userId) {
                result.addAll(connections);
            }
        });
        return result;
    }

    public int size() {
        return byId.size();
    }

    public Collection<Connection> all() {
        return List.copyOf(byId.values());
    }
}
