package io.xuanxuan.presence.config;

import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.presence.domain.AccountImportFile;
import io.xuanxuan.presence.domain.AccountProvisioning;
import io.xuanxuan.presence.domain.DemoData;
import io.xuanxuan.presence.domain.NewAccount;
import io.xuanxuan.presence.domain.PasswordHasher;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SessionStore;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.Outcome;
import io.xuanxuan.service.command.OutcomePublisher;
import io.xuanxuan.service.config.Phases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;

/**
 * Start-up work of presence, before any command is consumed: forget sessions of a previous run (when
 * this process held every connection, as the standalone server does), seed the demo accounts into an
 * empty database, apply the operator's import file, and announce every user to the other services.
 */
public class PresenceStartup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceStartup.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private final PresenceProperties properties;
    private final AccountStore accounts;
    private final UserDirectory directory;
    private final SessionStore sessions;
    private final AccountProvisioning provisioning;
    private final PasswordHasher hasher;
    private final OutcomePublisher publisher;
    private volatile boolean running;

    public PresenceStartup(PresenceProperties properties, AccountStore accounts, UserDirectory directory,
                           SessionStore sessions,
                           AccountProvisioning provisioning, PasswordHasher hasher,
                           OutcomePublisher publisher) {
        this.publisher = publisher;
        this.properties = properties;
        this.accounts = accounts;
        this.directory = directory;
        this.sessions = sessions;
        this.provisioning = provisioning;
        this.hasher = hasher;
    }

    @Override
    public void start() {
        // start-up runs once on the main thread: blocking here is the point (nothing is served yet)
        if (properties.resetSessionsOnStart()) {
            long stale = sessions.removeAll().then(accounts.markAllOffline()).block(STARTUP_TIMEOUT);
            if (stale > 0) {
                log.info("{} user(s) left online by the previous run are now offline", stale);
            }
        }
        if (properties.demoData() && accounts.count().block(STARTUP_TIMEOUT) == 0) {
            provision("demo data", DemoData.accounts(hasher));
        }
        if (properties.importFile() != null) {
            try {
                provision(properties.importFile().toString(),
                        AccountImportFile.read(properties.importFile(), hasher));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the account import file " + properties.importFile(), e);
            }
        }
        // the user list is read into memory once, after the changes above, and announced from there
        long announced = directory.reload().then(directory.all()).flatMapMany(Flux::fromIterable)
                // one user at a time, as the bus takes them: the list may be long
                .concatMap(user -> publisher.publish(Outcome.of().event(Topics.EVENTS_PRESENCE,
                        String.valueOf(user.id()), PresenceEvent.of(PresenceEvent.Type.ANNOUNCED, user, null, null)))
                        .thenReturn(user))
                .count().block(STARTUP_TIMEOUT);
        log.info("{} user(s) announced to the other services", announced);
        running = true;
    }

    private void provision(String source, List<NewAccount> list) {
        Map<AccountProvisioning.Change, Long> counts = Flux.fromIterable(list)
                .concatMap(provisioning::createOrUpdate)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .block(STARTUP_TIMEOUT);
        log.info("accounts from {}: {} created, {} updated", source,
                counts.getOrDefault(AccountProvisioning.Change.CREATED, 0L),
                counts.getOrDefault(AccountProvisioning.Change.UPDATED, 0L));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Phases.STARTUP_WORK;
    }
}
