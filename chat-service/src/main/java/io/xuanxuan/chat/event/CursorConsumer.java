package io.xuanxuan.chat.event;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.store.CursorStore;
import io.xuanxuan.model.bus.CursorBatch;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Applies the gateways' cursor batches ({@code xx.cursors}, group {@code chat}): one statement per batch
 * ({@link CursorStore#advance}), forward only, so a batch replayed or arriving after a later one changes
 * nothing it should not. Advances that cannot be a cursor (no chat, a seq below 1) are left out and logged.
 */
public class CursorConsumer extends BusConsumer {

    private static final Logger log = LoggerFactory.getLogger(CursorConsumer.class);

    private final MessageBus bus;
    private final CursorStore cursors;

    public CursorConsumer(MessageBus bus, CursorStore cursors) {
        super(Phases.EVENT_CONSUMERS);
        this.bus = bus;
        this.cursors = cursors;
    }

    Mono<Void> onBatch(CursorBatch batch) {
        List<CursorBatch.Advance> valid = batch.advances().stream().filter(CursorConsumer::isValid).toList();
        if (valid.size() < batch.advances().size()) {
            log.warn("cursor batch {} of gateway {}: {} advances left out (no chat, or seq/user below 1)",
                    batch.batchId(), batch.gatewayId(), batch.advances().size() - valid.size());
        }
        return cursors.advance(valid);
    }

    static boolean isValid(CursorBatch.Advance advance) {
        return advance != null && advance.userId() > 0 && advance.seq() > 0 && advance.cgid() != null
                && !advance.cgid().isBlank() && advance.cgid().length() <= ChatRules.MAX_GID_LENGTH;
    }

    @Override
    protected List<BusSubscription> subscribe() {
        return List.of(bus.subscribe(Topics.CURSORS, ServiceName.CHAT.id(), CursorBatch.class, this::onBatch));
    }
}
