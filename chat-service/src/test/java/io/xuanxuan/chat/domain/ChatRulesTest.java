package io.xuanxuan.chat.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.model.objects.Chat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRulesTest {

    private static final ChatUser ALICE = new ChatUser(1, "alice", "Alice", "no");
    private static final ChatUser BOB = new ChatUser(2, "bob", "Bob", "no");
    private static final ChatUser ROOT = new ChatUser(3, "admin", "", "super");

    private static Chat chat(String type, List<Long> admins, String committers, List<Long> members) {
        return new Chat(1, "g", "n", type, admins, committers, 0, false, "alice", 1, "", 0, 1, members, null, null,
                null);
    }

    private static Chat chat(String gid, String type, List<Long> members) {
        return new Chat(1, gid, "n", type, List.of(), "", 0, false, "alice", 1, "", 0, 1, members, null, null,
                null);
    }

    @Test
    void aOneToOneGidOnlyEverNamesThatPairsOne2oneChat() {
        ChatRules.requireOwnsItsGid(chat("10&9", Chat.TYPE_ONE2ONE, List.of(9L, 10L)));
        ChatRules.requireOwnsItsGid(chat("uuid", Chat.TYPE_GROUP, List.of(9L, 10L, 11L)));
        assertThatThrownBy(() -> ChatRules.requireOwnsItsGid(chat("4&6", Chat.TYPE_GROUP, List.of(4L, 5L, 6L))))
                .isInstanceOf(RuleRefusal.class).hasMessageContaining("one-to-one chat of users 4 and 6");
        assertThatThrownBy(() -> ChatRules.requireOwnsItsGid(chat("4&6", Chat.TYPE_ONE2ONE, List.of(4L, 5L))))
                .isInstanceOf(RuleRefusal.class);
    }

    @Test
    void committersAreNormalizedAndDecideWhoPosts() {
        assertThat(Committers.normalize(" ")).contains("");
        assertThat(Committers.normalize("$all")).contains("$ALL");
        assertThat(Committers.normalize("$Admins")).contains("$ADMINS");
        assertThat(Committers.normalize("3, 1,3,")).contains("3,1");
        assertThat(Committers.normalize("everyone")).isEmpty();
        assertThat(Committers.normalize("1,x")).isEmpty();

        assertThat(Committers.allows("", 5, false)).isTrue();
        assertThat(Committers.allows("$ALL", 5, false)).isTrue();
        assertThat(Committers.allows("$ADMINS", 5, false)).isFalse();
        assertThat(Committers.allows("$ADMINS", 5, true)).isTrue();
        assertThat(Committers.allows("4,5", 5, false)).isTrue();
        assertThat(Committers.allows("4,55", 5, true)).isFalse();
    }

    @Test
    void chatAdminsAreTheGroupCreatorAndTheNamedAdminsWhileMembers() {
        Chat group = chat(Chat.TYPE_GROUP, List.of(), "", List.of(1L, 2L));
        assertThat(ChatRules.isChatAdmin(group, ALICE)).as("creator").isTrue();
        assertThat(ChatRules.isChatAdmin(group, BOB)).isFalse();
        assertThat(ChatRules.isChatAdmin(chat(Chat.TYPE_GROUP, List.of(2L), "", List.of(1L, 2L)), BOB)).isTrue();
        assertThat(ChatRules.isChatAdmin(chat(Chat.TYPE_GROUP, List.of(), "", List.of(2L)), ALICE))
                .as("a creator who left").isFalse();
        assertThat(ChatRules.isChatAdmin(chat(Chat.TYPE_ONE2ONE, List.of(), "", List.of(1L, 2L)), ALICE))
                .as("one2one chats have no admins").isFalse();
    }

    @Test
    void theSystemChatsAdminsPostInItOrWhileItHasNoneTheSystemAdministratorsAndOnlySuperAdminsSetThem() {
        SystemChatPosters admins = SystemChatPosters.adminsOnly();
        Chat system = chat(Chat.TYPE_SYSTEM, List.of(2L), "", List.of(1L, 2L, 3L));
        ChatRules.requireMayPost(system, BOB, admins);
        assertThatThrownBy(() -> ChatRules.requireMayPost(system, ALICE, admins)).isInstanceOf(RuleRefusal.class)
                .hasMessageContaining("Only the admins of the system chat");
        assertThatThrownBy(() -> ChatRules.requireMayPost(system, ROOT, admins)).isInstanceOf(RuleRefusal.class);
        Chat withoutAdmins = chat(Chat.TYPE_SYSTEM, List.of(), "", List.of(1L, 3L));
        ChatRules.requireMayPost(withoutAdmins, ROOT, admins);
        assertThatThrownBy(() -> ChatRules.requireMayPost(withoutAdmins, ALICE, admins))
                .hasMessageContaining("Only system administrators");
        ChatRules.requireMayPost(chat(Chat.TYPE_GROUP, List.of(), "", List.of(1L)), ALICE, admins);

        ChatUser hr = new ChatUser(4, "hera", "", "no", "HR");
        SystemChatPosters hrToo = SystemChatPosters.of(List.of(" hr ", ""));
        ChatRules.requireMayPost(chat(Chat.TYPE_SYSTEM, List.of(2L), "", List.of(1L, 2L, 4L)), hr, hrToo);
        assertThatThrownBy(() -> ChatRules.requireMayPost(withoutAdmins, ALICE, hrToo)).hasMessageContaining("hr");
        ChatRules.requireMayPost(system, ALICE, SystemChatPosters.of(List.of("*")));
        assertThatThrownBy(() -> ChatRules.requireMayPost(chat(Chat.TYPE_SYSTEM, List.of(), "$ADMINS", List.of(1L)),
                ALICE, SystemChatPosters.of(List.of("*")))).as("committers still apply").isInstanceOf(RuleRefusal.class);

        ChatRules.requireMaySetAdmins(system, ROOT);
        assertThatThrownBy(() -> ChatRules.requireMaySetAdmins(system, BOB)).hasMessageContaining("system administrators");
        assertThatThrownBy(() -> ChatRules.requireMaySetAdmins(chat(Chat.TYPE_GROUP, List.of(), "", List.of(3L)), ROOT))
                .hasMessageContaining("system chats");
    }
}
