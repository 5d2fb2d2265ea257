package io.xuanxuan.service.command;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.ServiceName;
import reactor.core.publisher.Mono;

/**
 * Handles one protocol method of one service. Handlers are Spring beans; the service's
 * {@link CommandDispatcher} picks those whose {@link #service()} is its own.
 *
 * <p>Throw {@link io.xuanxuan.model.protocol.InvalidRequestException} (or return it as an error) for a
 * request with wrong parameters: the client gets a {@code fail} with its message.
 */
public interface CommandHandler {

    ServiceName service();

    /** The method's route, e.g. {@code chat/login} (see {@link io.xuanxuan.model.protocol.Methods#route}). */
    String route();

    /** Whether the command must come from a logged-in connection (all but login). */
    default boolean requiresLogin() {
        return true;
    }

    Mono<Outcome> handle(Command command);
}
