package io.xuanxuan.presence.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.UserSettings;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code settings}: account, settings. Absent or empty settings read the stored document; anything
 * else replaces it ({@link UserSettings} decides who may).
 */
public class SettingsHandler implements CommandHandler {

    private final UserSettings settings;

    public SettingsHandler(UserSettings settings) {
        this.settings = settings;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.SETTINGS);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("account", "settings");
        Optional<String> account = params.optionalText("account");
        Optional<JsonNode> document = params.node("settings").filter(SettingsHandler::notEmpty);
        return settings.readOrReplace(command.userId(), account, document)
                .map(result -> Outcome.respond(command, result instanceof UserSettings.Result.Document stored
                        ? Response.success(command.request(), stored.settings())
                        : Response.denied(command.request(),
                                "You may only read or change the settings of your own account.")));
    }

    /** An empty string, object or array asks to read, as the clients send it. */
    private static boolean notEmpty(JsonNode node) {
        return !(node.isTextual() && node.textValue().isEmpty()) && !(node.isContainerNode() && node.isEmpty());
    }
}
