package io.xuanxuan.chat.domain;

import io.xuanxuan.model.objects.Chat;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may post in a system chat (every user is a member of the one with gid {@code system}, so one post
 * there reaches the whole organisation): by default its admins ({@code setAdmin}), and while it has none,
 * the system administrators ({@code admin: super}). The operator may add roles
 * ({@code xuanxuan.chat.system-chat-posters=hr,management}: users of those roles may post too) or open it
 * to every member ({@value #EVERYONE}). {@code committers} applies on top, as in any chat.
 */
public final class SystemChatPosters {

    /** The value that lets every member post. */
    public static final String EVERYONE = "*";

    private final boolean everyone;
    private final Set<String> roles;

    private SystemChatPosters(boolean everyone, Set<String> roles) {
        this.everyone = everyone;
        this.roles = roles;
    }

    /** From the configured values: role names, or {@value #EVERYONE}; blanks are ignored. */
    public static SystemChatPosters of(Collection<String> configured) {
        Set<String> values = configured == null ? Set.of() : configured.stream()
                .filter(value -> value != null && !value.isBlank())
                .map(value -> value.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new SystemChatPosters(values.contains(EVERYONE),
                values.stream().filter(value -> !value.equals(EVERYONE)).collect(Collectors.toUnmodifiableSet()));
    }

    /** The default: the chat's admins, or while it has none the system administrators. */
    public static SystemChatPosters adminsOnly() {
        return of(Set.of());
    }

    /** Refuses, saying who may post, unless this member may post in this system chat. */
    public void requireMayPost(Chat chat, ChatUser user) {
        if (everyone) {
            return;
        }
        boolean hasAdmins = chat.admins() != null && !chat.admins().isEmpty();
        boolean admin = hasAdmins ? chat.admins().contains(user.id()) : user.isSuperAdmin();
        if (admin || roles.contains(user.role().trim().toLowerCase(Locale.ROOT))) {
            return;
        }
        String who = hasAdmins ? "the admins of the system chat" : "system administrators";
        throw new RuleRefusal("Only " + who + (roles.isEmpty() ? "" : " and users of role(s) "
                + String.join(", ", roles.stream().sorted().toList())) + " may post in the system chat '"
                + chat.gid() + "'; it reaches every user.");
    }
}
