package io.xuanxuan.presence.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.config.PresenceProperties;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SettingsStore;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code settings}: account, settings. Absent or empty settings read the stored document; anything
 * else replaces it. Only the account itself may do either.
 */
public class SettingsHandler implements CommandHandler {

    private final AccountStore accounts;
    private final SettingsStore settings;
    private final PresenceProperties properties;
    private final Clock clock;

    public SettingsHandler(AccountStore accounts, SettingsStore settings, PresenceProperties properties, Clock clock) {
        this.accounts = accounts;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
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
        long userId = command.userId();
        return accounts.findById(userId).flatMap(caller -> {
            if (account.isPresent() && !account.get().isBlank() && !account.get().equals(caller.account())) {
                return Mono.just(Outcome.respond(command, Response.denied(command.request(),
                        "You may only read or change the settings of your own account.")));
            }
            if (document.isEmpty()) {
                return settings.find(userId).map(SettingsHandler::parse)
                        .defaultIfEmpty(ProtocolJson.nodes().objectNode())
                        .map(stored -> Outcome.respond(command, Response.success(command.request(), stored)));
            }
            String json = ProtocolJson.write(document.get());
            if (json.length() > properties.getMaxSettingsLength()) {
                throw new InvalidRequestException("Settings are limited to " + properties.getMaxSettingsLength()
                        + " characters of JSON.");
            }
            return settings.save(userId, json, clock.instant().getEpochSecond())
                    .thenReturn(Outcome.respond(command, Response.success(command.request(), document.get())));
        });
    }

    private static boolean notEmpty(JsonNode node) {
        return !(node.isTextual() && node.textValue().isEmpty()) && !(node.isContainerNode() && node.isEmpty());
    }

    private static JsonNode parse(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not JSON", e);
        }
    }
}
