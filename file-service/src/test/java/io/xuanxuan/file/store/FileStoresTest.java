package io.xuanxuan.file.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.file.domain.ChatMembership;
import io.xuanxuan.file.domain.StoredFile;
import io.xuanxuan.service.store.TestDatabases;
import io.xuanxuan.service.store.TestDatabases.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.core.DatabaseClient;

/** Every query of the file service's stores, on H2 (standalone) and on MariaDB (distributed). */
class FileStoresTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fileRowsAreInsertedFoundListedByChatAndDeleted(Engine engine) {
        FileObjectStore files = new FileObjectStore(TestDatabases.create(engine, "file"));
        String longTitle = "图".repeat(255);
        StoredFile a = files.insert(new StoredFile(0, "g1", "2026/11/a", longTitle, 10, "image/png", 7, 1000)).block();
        StoredFile b = files.insert(new StoredFile(0, "g2", "2026/11/b", "b.txt", 0, "", 8, 1001)).block();
        StoredFile c = files.insert(new StoredFile(0, "g1", "2026/11/c", "c \"q\".pdf", 5L << 32, "application/pdf", 7, 1002)).block();
        assertThat(a.id()).isPositive();
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(files.find(a.id()).block()).isEqualTo(a);
        assertThat(files.find(a.id()).block().title()).isEqualTo(longTitle);
        assertThat(files.find(c.id()).block().size()).isEqualTo(5L << 32);
        assertThat(files.ofChat("g1").collectList().block()).containsExactly(a, c);
        assertThat(files.ofChat("nothing").collectList().block()).isEmpty();
        assertThat(files.delete(a.id()).block()).isTrue();
        assertThat(files.delete(a.id()).block()).isFalse();
        assertThat(files.find(a.id()).blockOptional()).isEmpty();
        assertThat(files.count().block()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSessionLivesFromOnlineToOfflineAndALaterLoginReplacesIt(Engine engine) {
        FileSessionStore sessions = new FileSessionStore(TestDatabases.create(engine, "file"));
        sessions.online(7, "sid-a", "conn-a", 1).block();
        sessions.online(8, "sid-b", "conn-b", 1).block();
        assertThat(sessions.userOf("sid-a").block()).isEqualTo(7);
        assertThat(sessions.userOf("unknown").blockOptional()).isEmpty();
        assertThat(sessions.userOf("").blockOptional()).isEmpty();
        assertThat(sessions.userOf("x".repeat(65)).blockOptional()).isEmpty();

        // a new login of 7 replaces its sid; the OFFLINE of the old connection then changes nothing
        sessions.online(7, "sid-a2", "conn-a2", 2).block();
        assertThat(sessions.userOf("sid-a").blockOptional()).isEmpty();
        assertThat(sessions.offline(7, "conn-a", 3).block()).isZero();
        assertThat(sessions.userOf("sid-a2").block()).isEqualTo(7);
        // the same ONLINE again (redelivery) is harmless
        sessions.online(7, "sid-a2", "conn-a2", 2).block();
        assertThat(sessions.userOf("sid-a2").block()).isEqualTo(7);

        assertThat(sessions.offline(7, "conn-a2", 3).block()).isEqualTo(1);
        assertThat(sessions.userOf("sid-a2").blockOptional()).isEmpty();
        assertThat(sessions.userOf("sid-b").block()).isEqualTo(8);
        assertThat(sessions.forgetUser(8, 3).block()).isEqualTo(1);
        assertThat(sessions.userOf("sid-b").blockOptional()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void endedSessionsStayRecentForDownloadsBoundedPerUserUntilSwept(Engine engine) {
        FileSessionStore sessions = new FileSessionStore(TestDatabases.create(engine, "file"), 3);
        // user 7 logs in five times (each login ends the one before), then goes offline
        for (int i = 1; i <= 5; i++) {
            sessions.online(7, "s" + i, "c" + i, 1000L * i).block();
        }
        assertThat(sessions.isOnline(7).block()).isTrue();
        assertThat(sessions.offline(7, "c5", 6000).block()).isEqualTo(1);
        assertThat(sessions.isOnline(7).block()).isFalse();
        assertThat(sessions.userOf("s5").blockOptional()).as("an ended session authenticates nothing").isEmpty();
        // the newest three ended sessions are kept; s1 and s2 are gone whatever the age asked for
        assertThat(sessions.recentSids(7, 0).collectList().block()).containsExactlyInAnyOrder("s3", "s4", "s5");
        assertThat(sessions.recentSids(7, 4500).collectList().block()).as("ended at or after 4500")
                .containsExactlyInAnyOrder("s4", "s5");

        sessions.online(8, "t1", "d1", 1000).block();
        sessions.online(8, "t2", "d2", 2000).block();
        assertThat(sessions.recentSids(8, 1500).collectList().block()).as("the live one and t1 (ended at 2000)")
                .containsExactlyInAnyOrder("t1", "t2");
        assertThat(sessions.recentSids(8, 2500).collectList().block()).containsExactly("t2");
        assertThat(sessions.forgetUser(8, 3000).block()).isEqualTo(1);
        assertThat(sessions.isOnline(8).block()).isFalse();

        // the sweep forgets what ended before the cut; what is live or newer stays
        sessions.online(9, "u1", "e1", 1000).block();
        assertThat(sessions.sweepEnded(4500).block()).as("s3 (ended 4000), t1 (2000), t2 (3000)").isEqualTo(3);
        assertThat(sessions.recentSids(7, 0).collectList().block()).containsExactlyInAnyOrder("s4", "s5");
        assertThat(sessions.recentSids(8, 0).collectList().block()).isEmpty();
        assertThat(sessions.userOf("u1").block()).isEqualTo(9);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memberListsAreReplacedPerChat(Engine engine) {
        DatabaseClient db = TestDatabases.create(engine, "file");
        ChatMemberStore members = new ChatMemberStore(db);
        assertThat(members.access("g1", 1).block()).isEqualTo(ChatMembership.UNKNOWN_CHAT);
        members.replaceMembers("g1", List.of(1L, 2L, 3L), 10).block();
        members.replaceMembers("g2", List.of(1L, 4L), 10).block();
        assertThat(members.access("g1", 2).block()).isEqualTo(ChatMembership.MEMBER);
        assertThat(members.access("g1", 4).block()).isEqualTo(ChatMembership.NOT_MEMBER);

        members.replaceMembers("g1", List.of(3L, 4L, 4L), 11).block();
        assertThat(members.membersOf("g1").collectList().block()).containsExactly(3L, 4L);
        assertThat(members.membersOf("g2").collectList().block()).as("other chats untouched").containsExactly(1L, 4L);
        members.replaceMembers("g1", List.of(3L, 4L), 12).block();
        assertThat(members.membersOf("g1").collectList().block()).containsExactly(3L, 4L);

        // everyone left: the chat is still known, nobody is a member
        members.replaceMembers("g1", List.of(), 13).block();
        assertThat(members.membersOf("g1").collectList().block()).isEmpty();
        assertThat(members.access("g1", 3).block()).isEqualTo(ChatMembership.NOT_MEMBER);

        // a system chat of every user: more members than one insert batch
        List<Long> everyone = new ArrayList<>(LongStream.rangeClosed(1, 450).boxed().toList());
        members.replaceMembers("system", everyone, 14).block();
        assertThat(members.membersOf("system").collectList().block()).hasSize(450);
        assertThat(members.access("system", 450).block()).isEqualTo(ChatMembership.MEMBER);
        assertThat(members.access("x".repeat(65), 1).block()).isEqualTo(ChatMembership.UNKNOWN_CHAT);
    }
}
