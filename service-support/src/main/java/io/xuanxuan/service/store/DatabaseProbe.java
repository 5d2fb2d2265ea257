package io.xuanxuan.service.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code xuanxuan.database.up} (gauge): 1 while the service's database answers {@code SELECT 1}, 0 once it
 * did not (an error, or no answer within {@link #TIMEOUT}). Checked every {@link #INTERVAL} in the
 * background, reactively, so a scrape never waits for the database (Spring's health endpoint would
 * check it inside the scrape, and a database that hangs would hang the scrape). An alert rule pages on 0.
 */
public class DatabaseProbe implements SmartLifecycle {

    public static final String DATABASE_UP = "xuanxuan.database.up";
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final ConnectionFactory database;
    private final AtomicInteger up = new AtomicInteger(1);
    private volatile Disposable checks;

    public DatabaseProbe(ConnectionFactory database, MeterRegistry registry) {
        this.database = database;
        Gauge.builder(DATABASE_UP, up, AtomicInteger::get)
                .description("1 while the database answers SELECT 1 (checked every 15 s), else 0")
                .register(registry);
    }

    /** One check: true when the database answered in time. */
    public Mono<Boolean> check() {
        return Mono.usingWhen(Mono.from(database.create()),
                        (Connection connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
                                .flatMap(result -> result.map((row, meta) -> 1))
                                .then(Mono.just(true)),
                        Connection::close)
                .timeout(TIMEOUT)
                .onErrorResume(error -> {
                    if (up.get() == 1) {
                        log.warn("the database does not answer: {}", error.toString());
                    }
                    return Mono.just(false);
                })
                .doOnNext(answered -> {
                    if (answered && up.get() == 0) {
                        log.info("the database answers again");
                    }
                    up.set(answered ? 1 : 0);
                });
    }

    @Override
    public synchronized void start() {
        if (checks == null) {
            // concatMap: a check that takes long is not overlapped by the next one
            checks = Flux.interval(Duration.ZERO, INTERVAL).onBackpressureDrop()
                    .concatMap(tick -> check(), 1)
                    .subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.dispose();
            checks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }
}
