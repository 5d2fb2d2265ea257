package io.xuanxuan.chat.domain;

import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.OneToOneGid;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The permission table of PROTOCOL.md section 4 and the chat conventions of section 3. Every check
 * throws a {@link RuleRefusal} naming what is wrong, so a handler refuses before it changes anything.
 */
public final class ChatRules {

    /** Longest gid of a chat or a message (the columns are VARCHAR(64)). */
    public static final int MAX_GID_LENGTH = 64;
    /** Longest chat name (the column is VARCHAR(255)). */
    public static final int MAX_NAME_LENGTH = 255;

    private ChatRules() {
    }

    public static boolean isMember(Chat chat, long userId) {
        return chat.members() != null && chat.members().contains(userId);
    }

    /** Admins of a chat: its members named in {@code admins}, and the creator of a group chat. */
    public static boolean isChatAdmin(Chat chat, ChatUser user) {
        if (!isMember(chat, user.id())) {
            return false;
        }
        if (chat.admins() != null && chat.admins().contains(user.id())) {
            return true;
        }
        return Chat.TYPE_GROUP.equals(chat.type()) && !user.account().isEmpty()
                && user.account().equals(chat.createdBy());
    }

    public static boolean isGroup(Chat chat) {
        return Chat.TYPE_GROUP.equals(chat.type());
    }

    public static boolean isSystem(Chat chat) {
        return Chat.TYPE_SYSTEM.equals(chat.type());
    }

    /** Read history and members, star/hide/mute: members only. */
    public static void requireMember(Chat chat, long userId) {
        if (!isMember(chat, userId)) {
            throw new RuleRefusal("You are not a member of chat '" + chat.gid() + "'.");
        }
    }

    /** Rename, change public, invite: members of a group chat. */
    public static void requireGroupMember(Chat chat, long userId, String action) {
        if (!isGroup(chat)) {
            throw new RuleRefusal("Only group chats can be " + action + "; '" + chat.gid() + "' is a " + chat.type()
                    + " chat.");
        }
        if (!isMember(chat, userId)) {
            throw new RuleRefusal("Only members of chat '" + chat.gid() + "' may do this, and you are not one.");
        }
    }

    /** Kick, set committers: admins of that chat (creator + {@code admins}). */
    public static void requireChatAdmin(Chat chat, ChatUser user, String action) {
        if (!isChatAdmin(chat, user)) {
            throw new RuleRefusal("Only admins of this chat may " + action + ".");
        }
    }

    /**
     * Send a message: members allowed by committers; in a system chat (it reaches every user) only those
     * {@link SystemChatPosters} lets post.
     */
    public static void requireMayPost(Chat chat, ChatUser user, SystemChatPosters systemChatPosters) {
        requireMember(chat, user.id());
        if (isSystem(chat)) {
            systemChatPosters.requireMayPost(chat, user);
        }
        if (!Committers.allows(chat.committers(), user.id(), isChatAdmin(chat, user))) {
            throw new RuleRefusal(Committers.ADMINS.equalsIgnoreCase(chat.committers())
                    ? "Only admins of this chat may post in it."
                    : "You are not among the users allowed to post in this chat.");
        }
    }

    /**
     * A chat found under a one-to-one gid must be the one2one chat of exactly those two users; anything
     * else stored under such a gid (a database from before the rule) is refused, never handed out.
     */
    public static void requireOwnsItsGid(Chat chat) {
        OneToOneGid.parse(chat.gid()).ifPresent(pair -> {
            if (!Chat.TYPE_ONE2ONE.equals(chat.type()) || !pair.isExactly(chat.members())) {
                throw new RuleRefusal("Chat '" + chat.gid() + "' is stored as a " + chat.type()
                        + " chat of other members, but that gid belongs to the one-to-one chat of users "
                        + pair.smaller() + " and " + pair.larger() + "; an administrator must rename it.");
            }
        });
    }

    /** {@code setAdmin}: system administrators, on system chats. */
    public static void requireMaySetAdmins(Chat chat, ChatUser user) {
        if (!user.isSuperAdmin()) {
            throw new RuleRefusal("Only system administrators may set the admins of a chat.");
        }
        if (!isSystem(chat)) {
            throw new RuleRefusal("Admins can only be set on system chats; '" + chat.gid() + "' is a " + chat.type()
                    + " chat.");
        }
    }

    public static String requireGid(String gid, String parameter) {
        if (gid == null || gid.isBlank()) {
            throw new io.xuanxuan.model.protocol.InvalidRequestException("Parameter '" + parameter
                    + "' must be a non-empty string.");
        }
        if (gid.length() > MAX_GID_LENGTH) {
            throw new io.xuanxuan.model.protocol.InvalidRequestException("Parameter '" + parameter
                    + "' must be at most " + MAX_GID_LENGTH + " characters.");
        }
        return gid;
    }

    public static String requireName(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new io.xuanxuan.model.protocol.InvalidRequestException("Parameter 'name' must be 1 to "
                    + MAX_NAME_LENGTH + " characters.");
        }
        return trimmed;
    }

    /** A list without duplicates, in first-seen order. */
    public static List<Long> distinct(Collection<Long> ids) {
        Set<Long> set = new LinkedHashSet<>(ids);
        return List.copyOf(set);
    }
}
