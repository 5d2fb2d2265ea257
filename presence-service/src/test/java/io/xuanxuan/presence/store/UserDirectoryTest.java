package io.xuanxuan.presence.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

class UserDirectoryTest {

    private final DatabaseClient db = TestDatabases.create(Engine.H2, "presence");
    private final AccountStore accounts = new AccountStore(db);
    private final UserDirectory directory = new UserDirectory(accounts);

    private long insert(String account) {
        return accounts.insert(account, "$2a$hash", account.toUpperCase(), "", 0, "no", "", "", "", "", "", 1L).block();
    }

    @Test
    void listsEveryUserByIdFromMemoryAndSeesChangesThroughRefresh() {
        long zhang = insert("zhang");
        long li = insert("li");
        assertThat(directory.all().block()).extracting(User::account).containsExactly("zhang", "li");

        // a change not read back through the directory is not seen: the list comes from memory
        accounts.updateStatus(zhang, "busy").block();
        assertThat(statusOf(zhang)).isEqualTo("offline");

        assertThat(directory.refresh(zhang).block().status()).isEqualTo("busy");
        assertThat(statusOf(zhang)).isEqualTo("busy");

        accounts.updateRealname(li, "Li Si").block();
        directory.refresh(li).block();
        assertThat(directory.all().block()).extracting(User::realname).containsExactly("ZHANG", "Li Si");
    }

    @Test
    void aUserCreatedElsewhereAppearsAtTheNextReloadAndAMissingOneLeavesOnRefresh() {
        long zhang = insert("zhang");
        assertThat(directory.all().block()).hasSize(1);
        insert("wang");
        assertThat(directory.all().block()).hasSize(1);
        directory.reload().block();
        assertThat(directory.all().block()).extracting(User::account).containsExactly("zhang", "wang");

        db.sql("UPDATE user_account SET deleted = TRUE WHERE id = :id").bind("id", zhang).then().block();
        assertThat(directory.refresh(zhang).blockOptional()).isEmpty();
        assertThat(directory.all().block()).extracting(User::account).containsExactly("wang");
    }

    @Test
    void theListIsCopiedOnlyAfterAChange() {
        insert("zhang");
        List<User> first = directory.all().block();
        assertThat(directory.all().block()).isSameAs(first);
        directory.refresh(first.get(0).id()).block();
        assertThat(directory.all().block()).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void theJsonListIsTheListSerializedAndFollowsChanges() {
        long zhang = insert("zhang");
        insert("li");
        assertThat(ProtocolJson.write(directory.allAsJson().block())).isEqualTo(ProtocolJson.write(directory.all().block()));
        accounts.updateStatus(zhang, "away").block();
        directory.refresh(zhang).block();
        assertThat(ProtocolJson.write(directory.allAsJson().block())).contains("\"status\":\"away\"")
                .isEqualTo(ProtocolJson.write(directory.all().block()));
    }

    private String statusOf(long id) {
        return directory.all().block().stream().filter(u -> u.id() == id).findFirst().orElseThrow().status();
    }
}
