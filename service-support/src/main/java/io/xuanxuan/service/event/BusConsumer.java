package io.xuanxuan.service.event;

import io.xuanxuan.bus.BusSubscription;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * A service's subscriptions to the bus, started in a given phase (see
 * {@link io.xuanxuan.service.config.Phases}) and closed when the context stops.
 */
public abstract class BusConsumer implements SmartLifecycle {

    private final int phase;
    private final List<BusSubscription> subscriptions = new ArrayList<>();

    protected BusConsumer(int phase) {
        this.phase = phase;
    }

    /** Opens the subscriptions; called once at start. */
    protected abstract List<BusSubscription> subscribe();

    @Override
    public synchronized void start() {
        if (subscriptions.isEmpty()) {
            subscriptions.addAll(subscribe());
        }
    }

    @Override
    public synchronized void stop() {
        subscriptions.forEach(BusSubscription::close);
        subscriptions.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !subscriptions.isEmpty();
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
