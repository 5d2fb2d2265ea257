package io.xuanxuan.gateway.transport;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sockets one remote address may hold, and how many sockets may be open without a login.
 * Without these, one machine opening sockets and never logging in used up the file descriptors
 * (19,900 from one address), and more connections also multiplied its request budget.
 *
 * <p>A socket takes a {@link Ticket} before its upgrade (or is refused), gives back its "not logged
 * in" slot at its first login, and the ticket when it ends. Counting is lock-free except per address
 * ({@link ConcurrentHashMap#compute}); an address with no connection has no entry.
 */
public final class ConnectionLimits {

    /** Why a connection was refused (also the tag of the refusal metric). */
    public enum Refusal {
        PER_ADDRESS("per_address"),
        UNAUTHENTICATED("unauthenticated");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** A connection's claim on the limits; released once, whatever ends it. */
    public final class Ticket {
        private final InetAddress address;
        private final AtomicBoolean loggedIn = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(InetAddress address) {
            this.address = address;
        }

        /** The connection logged in: it no longer counts as unauthenticated. Idempotent. */
        public void loggedIn() {
            if (!released.get() && loggedIn.compareAndSet(false, true)) {
                unauthenticated.decrementAndGet();
            }
        }

        /** The connection ended (or never opened). Idempotent. */
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (loggedIn.compareAndSet(false, true)) {
                unauthenticated.decrementAndGet();
            }
            if (address != null) {
                perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
    }

    /** The outcome of {@link #tryOpen}: a ticket, or the reason of the refusal. */
    public record Admission(Ticket ticket, Refusal refusal) {
    }

    private final int maxPerAddress;
    private final int maxUnauthenticated;
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger unauthenticated = new AtomicInteger();

    /** @param maxPerAddress, maxUnauthenticated 0 for no limit */
    public ConnectionLimits(int maxPerAddress, int maxUnauthenticated) {
        this.maxPerAddress = maxPerAddress;
        this.maxUnauthenticated = maxUnauthenticated;
    }

    /** Claims a place for a new socket from {@code address} (null: unknown, not counted per address). */
    public Admission tryOpen(InetAddress address) {
        // the address first: an address at its limit is told so (429), whatever the global state
        if (address != null && !claimAddress(address)) {
            return new Admission(null, Refusal.PER_ADDRESS);
        }
        if (!claimUnauthenticated()) {
            if (address != null) {
                perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
            return new Admission(null, Refusal.UNAUTHENTICATED);
        }
        return new Admission(new Ticket(address), null);
    }

    private boolean claimUnauthenticated() {
        while (true) {
            int current = unauthenticated.get();
            if (maxUnauthenticated > 0 && current >= maxUnauthenticated) {
                return false;
            }
            if (unauthenticated.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private boolean claimAddress(InetAddress address) {
        boolean[] claimed = {false};
        perAddress.compute(address, (a, count) -> {
            AtomicInteger current = count != null ? count : new AtomicInteger();
            if (maxPerAddress <= 0 || current.get() < maxPerAddress) {
                current.incrementAndGet();
                claimed[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return claimed[0];
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    public int maxUnauthenticated() {
        return maxUnauthenticated;
    }

    /** Sockets open and not logged in (those being upgraded included). */
    public int unauthenticated() {
        return unauthenticated.get();
    }

    /** Sockets open from {@code address}. */
    public int fromAddress(InetAddress address) {
        AtomicInteger count = perAddress.get(address);
        return count != null ? count.get() : 0;
    }

    /** Addresses with at least one socket open. */
    public int addresses() {
        return perAddress.size();
    }
}
