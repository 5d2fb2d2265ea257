package io.xuanxuan.chat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.chat.domain.ChatUser;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.service.store.DuplicateKeys;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Every query of chat's stores, on H2 (standalone) and on MariaDB (distributed). */
class ChatStoresTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void usersAreUpsertedAlsoWhenNothingChanges(Engine engine) {
        ChatUserStore users = new ChatUserStore(TestDatabases.create(engine, "chat"));
        ChatUser alice = new ChatUser(7, "alice", "Alice", "no");
        users.upsert(alice, 1).block();
        // the same values again: MySQL reports 0 affected rows for such an update; still one row, no error
        users.upsert(alice, 1).block();
        users.upsert(new ChatUser(7, "alice", "Alice Liddell", "super"), 2).block();
        users.upsert(new ChatUser(9, "bob", "", "no"), 2).block();

        ChatUser found = users.findById(7).block();
        assertThat(found.realname()).isEqualTo("Alice Liddell");
        assertThat(found.isSuperAdmin()).isTrue();
        assertThat(users.findById(9).block().displayName()).isEqualTo("bob");
        assertThat(users.findById(8).blockOptional()).isEmpty();
        assertThat(users.existingIds(List.of(7L, 8L, 9L)).block()).containsExactlyInAnyOrder(7L, 9L);
        assertThat(users.existingIds(List.of()).block()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void chatsMembersAndFlagsAreStoredAndReadBack(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        ChatStore chats = new ChatStore(db);
        ChatUserStore users = new ChatUserStore(db);
        long id = chats.insert(new ChatStore.NewChat("g-1", "Team", Chat.TYPE_GROUP, List.of(1L), "", 3, true,
                "alice", 1000)).block();
        chats.addMember(id, 1, 1000).block();
        chats.addMember(id, 2, 1000).block();
        assertThat(chats.addMemberIfAbsent(id, 2, 1001).block()).isFalse();
        assertThat(chats.addMemberIfAbsent(id, 3, 1001).block()).isTrue();
        assertThatThrownBy(() -> chats.insert(new ChatStore.NewChat("g-1", "Again", Chat.TYPE_GROUP, List.of(), "",
                0, false, "bob", 1)).block()).matches(DuplicateKeys::isDuplicateKey, "a duplicate-key error");

        Chat chat = chats.findByGid("g-1").block();
        assertThat(chat.id()).isEqualTo(id);
        assertThat(chat.name()).isEqualTo("Team");
        assertThat(chat.admins()).containsExactly(1L);
        assertThat(chat.subject()).isEqualTo(3);
        assertThat(chat.isPublic()).isTrue();
        assertThat(chat.createdBy()).isEqualTo("alice");
        assertThat(chat.lastActiveTime()).isEqualTo(1000);
        assertThat(chat.members()).containsExactly(1L, 2L, 3L);
        assertThat(chat.star()).isNull();
        assertThat(chats.findByGid("nope").blockOptional()).isEmpty();

        chats.updateName(id, "名前 😀", "bob", 2000).block();
        chats.updatePublic(id, false, "bob", 2001).block();
        chats.updateAdmins(id, List.of(1L, 3L), "bob", 2002).block();
        chats.updateCommitters(id, "$ADMINS", "bob", 2003).block();
        chats.touch(id, 3000).block();
        chats.touch(id, 2500).block();
        chats.removeMember(id, 2).block();
        assertThat(chats.setFlag(id, 3, ChatStore.Flag.STAR, true).block()).isTrue();
        assertThat(chats.setFlag(id, 3, ChatStore.Flag.MUTE, true).block()).isTrue();
        assertThat(chats.setFlag(id, 2, ChatStore.Flag.HIDE, true).block()).as("no longer a member").isFalse();

        Chat changed = chats.chatsOf(3).block().get(0);
        assertThat(changed.name()).isEqualTo("名前 😀");
        assertThat(changed.isPublic()).isFalse();
        assertThat(changed.admins()).containsExactly(1L, 3L);
        assertThat(changed.committers()).isEqualTo("$ADMINS");
        assertThat(changed.editedBy()).isEqualTo("bob");
        assertThat(changed.editedDate()).isEqualTo(2003);
        assertThat(changed.lastActiveTime()).as("moved forward only").isEqualTo(3000);
        assertThat(changed.members()).containsExactly(1L, 3L);
        assertThat(changed.star()).isTrue();
        assertThat(changed.hide()).isFalse();
        assertThat(changed.mute()).isTrue();
        assertThat(chats.chatsOf(1).block().get(0).star()).isFalse();
        assertThat(chats.chatsOf(2).block()).isEmpty();
        assertThat(chats.publicChats().block()).isEmpty();
        chats.updatePublic(id, true, "bob", 2004).block();
        assertThat(chats.publicChats().block()).extracting(Chat::gid).containsExactly("g-1");

        // the system chat takes every known user, once
        long system = chats.insert(new ChatStore.NewChat("system", "System", Chat.TYPE_SYSTEM, List.of(), "", 0,
                false, "system", 1)).block();
        users.upsert(new ChatUser(1, "alice", "", "no"), 1).block();
        users.upsert(new ChatUser(5, "eve", "", "no"), 1).block();
        chats.addMember(system, 1, 1).block();
        assertThat(chats.addAllUsers(system, 1).block()).isEqualTo(1);
        assertThat(chats.addAllUsers(system, 1).block()).isZero();
        assertThat(chats.findByGid("system").block().members()).containsExactly(1L, 5L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void messagesAreStoredOncePerGidAndPagedNewestFirst(Engine engine) {
        MessageStore messages = new MessageStore(TestDatabases.create(engine, "chat"));
        String long4ByteContent = "😀".repeat(16_000);
        String longCjkContent = "字".repeat(32_000);
        assertThat(messages.maxSeq("c-1").block()).isZero();
        Message first = messages.insert(new Message(0, "m-1", "c-1", 7, 100, "normal", "text", long4ByteContent), 1)
                .block().message();
        StoredMessage second = messages.insert(new Message(0, "m-2", "c-1", 8, 101, "normal", "image", "{\"a\":1}"),
                2).block();
        messages.insert(new Message(0, "m-3", "c-1", 0, 102, "broadcast", "text", longCjkContent), 3).block();
        messages.insert(new Message(0, "m-4", "c-2", 7, 103, "normal", "text", "elsewhere"), 1).block();
        assertThat(second.message().id()).isGreaterThan(first.id());
        assertThat(second.seq()).isEqualTo(2);
        assertThat(messages.maxSeq("c-1").block()).isEqualTo(3);
        assertThat(messages.maxSeq("c-2").block()).isEqualTo(1);
        assertThat(messages.findByGid("m-1").block().message().content()).isEqualTo(long4ByteContent);
        assertThat(messages.findByGid("m-3").block().message().content()).isEqualTo(longCjkContent);

        StoredMessage again = messages.insertIfAbsent(new Message(0, "m-2", "c-1", 9, 200, "normal", "text", "other"),
                4).block();
        assertThat(again).isEqualTo(second);
        assertThatThrownBy(() -> messages.insert(new Message(0, "m-2", "c-1", 9, 200, "normal", "text", "x"), 4)
                .block()).matches(DuplicateKeys::isDuplicateKey, "a duplicate-key error");
        assertThatThrownBy(() -> messages.insert(new Message(0, "m-5", "c-1", 9, 200, "normal", "text", "x"), 3)
                .block()).as("a taken seq of the chat").isInstanceOf(SeqConflictException.class);
        assertThat(messages.findByGid("m-5").blockOptional()).isEmpty();
        // a replaced content moves to the chat's next seq
        messages.updateContent(second.message().id(), "{\"a\":2}", 4).block();
        assertThatThrownBy(() -> messages.updateContent(first.id(), "y", 3).block())
                .isInstanceOf(SeqConflictException.class);
        assertThat(messages.findByGids(List.of("m-2", "m-4", "none")).map(StoredMessage::message).collectList().block())
                .extracting(Message::content).containsExactlyInAnyOrder("{\"a\":2}", "elsewhere");

        assertThat(messages.count("c-1", 0).block()).isEqualTo(3);
        // newest first by seq: m-2 moved to seq 4
        assertThat(messages.page("c-1", 0, 2, 1).map(Message::gid).collectList().block()).containsExactly("m-2", "m-3");
        assertThat(messages.page("c-1", 0, 2, 2).map(Message::gid).collectList().block()).containsExactly("m-1");
        assertThat(messages.page("c-1", 0, 2, 3).collectList().block()).isEmpty();
        Message read = messages.page("c-1", 0, 1, 1).blockFirst();
        assertThat(read).isEqualTo(new Message(second.message().id(), "m-2", "c-1", 8, 101, "normal", "image",
                "{\"a\":2}"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void dismissalCategoriesOrdersAndDatesAreStoredAndReadBack(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        ChatStore chats = new ChatStore(db);
        long group = chats.insert(new ChatStore.NewChat("d-1", "Team", Chat.TYPE_GROUP, List.of(1L), "", 0, true,
                "alice", 1000)).block();
        long pair = chats.insert(new ChatStore.NewChat("1&2", "", Chat.TYPE_ONE2ONE, List.of(), "", 0, false,
                "alice", 1000)).block();
        for (long chat : new long[] {group, pair}) {
            chats.addMember(chat, 1, 1000).block();
            chats.addMember(chat, 2, 1000).block();
        }
        assertThat(chats.findByGid("d-1").block().dismissDate()).isZero();
        assertThat(chats.publicChats().block()).extracting(Chat::gid).contains("d-1");

        assertThat(chats.dismiss(group, "alice", 5000).block()).isTrue();
        assertThat(chats.dismiss(group, "bob", 6000).block()).as("dismissed once").isFalse();
        Chat dismissed = chats.findByGid("d-1").block();
        assertThat(dismissed.dismissDate()).isEqualTo(5000);
        assertThat(dismissed.editedBy()).isEqualTo("alice");
        assertThat(chats.publicChats().block()).extracting(Chat::gid).doesNotContain("d-1");

        // the one-to-one gid in the other order names the same chat
        assertThat(chats.memberChats(1, List.of("d-1", "2&1", "nope")).collectList().block())
                .containsExactlyInAnyOrder(new ChatStore.ChatKey(group, "d-1"), new ChatStore.ChatKey(pair, "1&2"));
        assertThat(chats.memberChats(3, List.of("d-1")).collectList().block()).isEmpty();
        assertThat(chats.setCategory(1, List.of(group, pair), "工作 😀").block()).isEqualTo(2);
        List<Chat> mine = chats.chatsOf(1).block();
        assertThat(mine).extracting(Chat::category).containsExactly("工作 😀", "工作 😀");
        assertThat(mine).extracting(Chat::dismissDate).containsExactly(5000L, 0L);
        assertThat(chats.chatsOf(2).block()).extracting(Chat::category).containsExactly("", "");
        assertThat(chats.findByGid("d-1").block().category()).as("only in the member's own list").isNull();

        MessageStore messages = new MessageStore(db);
        messages.insert(new Message(0, "o-1", "d-1", 1, 100, "normal", "text", "a", 7), 1).block();
        messages.insertAll(List.of(
                new MessageStore.NewRow(new Message(0, "o-2", "d-1", 1, 200, "normal", "text", "b", -3), 2),
                new MessageStore.NewRow(new Message(0, "o-3", "d-1", 1, 300, "normal", "text", "c"), 3))).block();
        assertThat(messages.findByGid("o-1").block().message().order()).isEqualTo(7);
        assertThat(messages.page("d-1", 0, 10, 1).map(Message::order).collectList().block())
                .containsExactly(0L, -3L, 7L);
        assertThat(messages.count("d-1", 0).block()).isEqualTo(3);
        assertThat(messages.count("d-1", 200).block()).as("at or after the date").isEqualTo(2);
        assertThat(messages.page("d-1", 200, 10, 1).map(Message::gid).collectList().block())
                .containsExactly("o-3", "o-2");
        assertThat(messages.page("d-1", 200, 1, 2).map(Message::gid).collectList().block()).containsExactly("o-2");
        assertThat(messages.count("d-1", 301).block()).isZero();
        // the login sync reads the order too (user 2 has read nothing of d-1)
        assertThat(new CursorStore(db).syncPage(2, 0, "", 0, 10).map(row -> row.stored().message().order())
                .collectList().block()).containsExactly(7L, -3L, 0L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailedTransactionLeavesNothing(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "chat");
        ChatStore chats = new ChatStore(db);
        ChatTransactions transactions = new ChatTransactions(TransactionalOperator.create(
                new R2dbcTransactionManager(db.getConnectionFactory())));
        Mono<Void> work = chats.insert(new ChatStore.NewChat("t-1", "", Chat.TYPE_GROUP, List.of(), "", 0, false, "a",
                        1))
                .flatMap(id -> chats.addMember(id, 1, 1).then(chats.addMember(id, 1, 1)));
        assertThatThrownBy(() -> transactions.run(work).block()).matches(DuplicateKeys::isDuplicateKey, "duplicate");
        assertThat(chats.findByGid("t-1").blockOptional()).isEmpty();

        transactions.run(chats.insert(new ChatStore.NewChat("t-2", "", Chat.TYPE_GROUP, List.of(), "", 0, false, "a",
                1)).flatMap(id -> chats.addMember(id, 1, 1))).block();
        assertThat(chats.findByGid("t-2").block().members()).containsExactly(1L);
    }
}
