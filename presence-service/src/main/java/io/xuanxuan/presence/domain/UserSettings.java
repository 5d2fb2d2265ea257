package io.xuanxuan.presence.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.presence.store.SettingsStore;
import java.time.Clock;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Each account's client settings: only the account itself may read or replace them, and a stored
 * document is at most {@code max-settings-length} characters of JSON.
 */
public class UserSettings {

    /** What a settings request came to: the document (read or stored), or a refusal for someone else's. */
    public sealed interface Result {
        record Document(JsonNode settings) implements Result {
        }

        record NotYours() implements Result {
        }
    }

    private final AccountStore accounts;
    private final SettingsStore settings;
    private final int maxLength;
    private final Clock clock;

    public UserSettings(AccountStore accounts, SettingsStore settings, int maxLength, Clock clock) {
        this.accounts = accounts;
        this.settings = settings;
        this.maxLength = maxLength;
        this.clock = clock;
    }

    /**
     * Reads the stored document (an empty object if none) when {@code document} is absent, else replaces it.
     * {@code account}, when given and not blank, must be the caller's own. Empty if the caller is gone.
     */
    public Mono<Result> readOrReplace(long userId, Optional<String> account, Optional<JsonNode> document) {
        return accounts.findById(userId).flatMap(caller -> {
            if (account.isPresent() && !account.get().isBlank() && !account.get().equals(caller.account())) {
                return Mono.just(new Result.NotYours());
            }
            if (document.isEmpty()) {
                return settings.find(userId).map(UserSettings::parse)
                        .defaultIfEmpty(ProtocolJson.nodes().objectNode())
                        .map(Result.Document::new);
            }
            String json = ProtocolJson.write(document.get());
            if (json.length() > maxLength) {
                throw new InvalidRequestException("Settings are limited to " + maxLength + " characters of JSON.");
            }
            return settings.save(userId, json, clock.instant().getEpochSecond())
                    .thenReturn(new Result.Document(document.get()));
        });
    }

    private static JsonNode parse(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not JSON", e);
        }
    }
}
