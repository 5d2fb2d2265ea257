package io.xuanxuan.presence.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.presence.domain.Account;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Every visible user as the protocol shows them, kept in memory: the user list that each login pushes
 * (PROTOCOL.md: {@code userGetlist}, all users) would otherwise read the whole account table once per login,
 * which a login storm of N users turns into N² rows.
 *
 * <p>Write-through: whoever changes an account reads its row again through {@link #refresh} (the handlers
 * read it back anyway), so the list is as current as the table for everything this instance changes. Reads
 * are numbered when they start and a later-started read always wins, so concurrent changes of one user
 * settle on the newest row whatever order the reads finish in. Changes made by another presence instance
 * reach this one at its next {@link #reload}.
 */
public class UserDirectory {

    /** A user, and the user serialized once for the many lists it goes into (null user: gone). */
    private record Entry(long read, User user, JsonNode wire) {
    }

    private record Snapshot(long version, List<User> users, JsonNode wire) {
    }

    private final AccountStore accounts;
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(-1, List.of(), ProtocolJson.nodes().arrayNode());
    private volatile Mono<Void> loaded;

    public UserDirectory(AccountStore accounts) {
        this.accounts = accounts;
        this.loaded = loading();
    }

    /** Every visible user, ordered by id (loaded from the table at the first call). */
    public Mono<List<User>> all() {
        return loaded.then(Mono.fromSupplier(() -> current().users()));
    }

    /**
     * The same list as a JSON array whose users were serialized when they last changed: what a login's
     * {@code userGetlist} push carries. Shared between pushes: never modify it.
     */
    public Mono<JsonNode> allAsJson() {
        return loaded.then(Mono.fromSupplier(() -> current().wire()));
    }

    /** Reads one account again after a change to it; empty if it no longer exists or is deleted. */
    public Mono<Account> refresh(long id) {
        long read = reads.incrementAndGet();
        return accounts.findById(id)
                .doOnNext(account -> apply(read, id, account.toUser()))
                .switchIfEmpty(Mono.fromRunnable(() -> apply(read, id, null)));
    }

    /** Reads the whole table again (after changes made outside this instance's handlers). */
    public Mono<Void> reload() {
        Mono<Void> next = loading();
        loaded = next;
        return next;
    }

    private Mono<Void> loading() {
        // a failed load is not remembered: the next caller tries again
        return Mono.defer(() -> {
            long read = reads.incrementAndGet();
            return accounts.findAll().doOnNext(account -> apply(read, account.id(), account.toUser())).then();
        }).cache(ignored -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO,
                () -> Duration.ofMillis(Long.MAX_VALUE));
    }

    private void apply(long read, long id, User user) {
        JsonNode wire = user == null ? null : ProtocolJson.rawJson(user);
        entries.compute(id, (key, old) -> old != null && old.read() > read ? old : new Entry(read, user, wire));
        version.incrementAndGet();
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        long now = version.get();
        if (known.version() == now) {
            return known;
        }
        // a change during this copy leaves an older version number: the next call copies again
        List<Entry> present = entries.values().stream().filter(entry -> entry.user() != null).toList();
        ArrayNode wire = ProtocolJson.nodes().arrayNode(present.size());
        present.forEach(entry -> wire.add(entry.wire()));
        Snapshot fresh = new Snapshot(now, present.stream().map(Entry::user).toList(), wire);
        snapshot = fresh;
        return fresh;
    }
}
