package io.xuanxuan.presence.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.presence.domain.Account;
import io.xuanxuan.presence.domain.Session;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.core.DatabaseClient;

/** Every query of presence's stores, on H2 (standalone) and on MariaDB (distributed). */
class PresenceStoresTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void accountsAreCreatedFoundUpdatedAndLocked(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "presence");
        AccountStore accounts = new AccountStore(db);
        DepartmentStore departments = new DepartmentStore(db);

        long dept = departments.idOf("R&D").block();
        assertThat(departments.idOf("R&D").block()).isEqualTo(dept);
        long id = accounts.insert("zhang", "$2a$hash", "Zhang San", "dev", dept, "super", "m", "z@example.com",
                "1", "2", "site", 1700000000L).block();
        long other = accounts.insert("li", "$2a$hash2", "李四", "", 0, "no", "", "", "", "", "", 1L).block();
        assertThat(other).isGreaterThan(id);
        assertThat(accounts.count().block()).isEqualTo(2);

        Account zhang = accounts.findByAccount("zhang").block();
        assertThat(zhang.id()).isEqualTo(id);
        assertThat(zhang.dept()).isEqualTo(dept);
        assertThat(zhang.status()).isEqualTo("offline");
        assertThat(zhang.toUser().isSuperAdmin()).isTrue();
        assertThat(accounts.findById(other).block().realname()).isEqualTo("李四");
        assertThat(accounts.findByAccount("nobody").blockOptional()).isEmpty();

        accounts.recordFailure(id, 3, 0).block();
        assertThat(accounts.findById(id).block().failedLogins()).isEqualTo(3);
        accounts.recordFailure(id, 0, 1800000000L).block();
        assertThat(accounts.findById(id).block().lockedAt(1799999999L)).isTrue();
        accounts.recordSuccess(id, "busy").block();
        Account unlocked = accounts.findById(id).block();
        assertThat(unlocked.lockedUntil()).isZero();
        assertThat(unlocked.status()).isEqualTo("busy");

        accounts.updateRealname(id, "Zhang 3").block();
        accounts.updatePassword(id, "$2a$new").block();
        accounts.updateProfile(other, "Li Si", "qa", dept, "no", "f", "l@example.com", "", "", "").block();
        assertThat(accounts.findById(id).block().realname()).isEqualTo("Zhang 3");
        assertThat(accounts.findById(id).block().passwordHash()).isEqualTo("$2a$new");
        assertThat(accounts.findById(other).block().role()).isEqualTo("qa");
        assertThat(accounts.findAll().map(Account::account).collectList().block()).containsExactly("zhang", "li");

        assertThat(accounts.markAllOffline().block()).isEqualTo(1);
        assertThat(accounts.findById(id).block().status()).isEqualTo("offline");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aUserHasOneSessionThatOnlyItsConnectionRemoves(Engine engine) {
        SessionStore sessions = new SessionStore(TestDatabases.create(engine, "presence"));
        sessions.replace(new Session(7, "sid-1", "gw", "gw-1", 100)).block();
        sessions.replace(new Session(7, "sid-2", "gw", "gw-2", 101)).block();
        assertThat(sessions.find(7).block().sid()).isEqualTo("sid-2");

        assertThat(sessions.removeIfConnection(7, "gw-1").block()).isFalse();
        assertThat(sessions.find(7).blockOptional()).isPresent();
        assertThat(sessions.removeIfConnection(7, "gw-2").block()).isTrue();
        assertThat(sessions.find(7).blockOptional()).isEmpty();

        sessions.replace(new Session(8, "s", "gw", "gw-3", 1)).block();
        assertThat(sessions.removeAll().block()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void settingsAreKeptPerUser(Engine engine) {
        SettingsStore settings = new SettingsStore(TestDatabases.create(engine, "presence"));
        assertThat(settings.find(1).blockOptional()).isEmpty();
        settings.save(1, "{\"theme\":\"dark\"}", 1).block();
        String large = "{\"theme\":\"light\",\"x\":\"" + "y".repeat(15000) + "\"}";
        settings.save(1, large, 2).block();
        settings.save(2, "{}", 2).block();
        assertThat(settings.find(1).block()).isEqualTo(large);
        assertThat(settings.find(2).block()).isEqualTo("{}");
    }
}
