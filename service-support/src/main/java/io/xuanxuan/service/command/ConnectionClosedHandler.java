package io.xuanxuan.service.command;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.ServiceName;
import reactor.core.publisher.Mono;

/** Reacts to a gateway's news that a logged-in connection closed. */
public interface ConnectionClosedHandler {

    ServiceName service();

    Mono<Outcome> connectionClosed(Command command);
}
