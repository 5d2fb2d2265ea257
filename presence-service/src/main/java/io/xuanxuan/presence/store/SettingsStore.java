package io.xuanxuan.presence.store;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The {@code user_settings} table: each account's client settings, as JSON text. */
public class SettingsStore {

    private final DatabaseClient db;

    public SettingsStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<String> find(long userId) {
        return db.sql("SELECT settings FROM user_settings WHERE user_id = :id").bind("id", userId)
                .map(row -> row.get("settings", String.class)).one();
    }

    public Mono<Void> save(long userId, String settingsJson, long now) {
        return db.sql("DELETE FROM user_settings WHERE user_id = :id").bind("id", userId).then()
                .then(db.sql("INSERT INTO user_settings (user_id, settings, updated_at) VALUES (:id, :settings, :now)")
                        .bind("id", userId).bind("settings", settingsJson).bind("now", now).then());
    }
}
