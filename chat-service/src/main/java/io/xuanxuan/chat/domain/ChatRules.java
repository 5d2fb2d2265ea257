package io.xuanxuan.chat.domain;

import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.InvalidRequestException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
    /** Longest category name (the column is VARCHAR(100)). */
    public static final int MAX_CATEGORY_LENGTH = 100;
    /** Most chats one {@code category} request may name: its cost is bounded before anything is read. */
    public static final int MAX_CATEGORY_GIDS = 1_000;

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

    /**
     * A dismissed chat takes no new messages and no changes (rename, public, members, admins, committers);
     * its history stays readable, and each member's own flags and category stay theirs to set.
     */
    public static void requireNotDismissed(Chat chat) {
        if (chat.isDismissed()) {
            throw new RuleRefusal("This chat was dismissed ('" + chat.gid() + "', by an admin of it): it takes no "
                    + "new messages or changes; its history can still be read.");
        }
    }

    /** Dismiss: the admins (creator + {@code admins}) of a group chat. */
    public static void requireMayDismiss(Chat chat, ChatUser user) {
        if (!isGroup(chat)) {
            throw new RuleRefusal("Only group chats can be dismissed; '" + chat.gid() + "' is a " + chat.type()
                    + " chat.");
        }
        requireChatAdmin(chat, user, "dismiss it");
    }

    /**
     * {@code create} of a gid that exists: members see their chat, and anyone sees a public group (as
     * {@code getPublicList} shows it); anyone else learns nothing about the chat but that the gid is taken.
     */
    public static boolean mayFetch(Chat chat, long userId) {
        return isMember(chat, userId) || (isGroup(chat) && chat.isPublic());
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
        requireNotDismissed(chat);
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

    /** Join: anyone, to a public group chat ({@code gid} as the request named it). */
    public static void requireMayJoin(Chat chat, String gid) {
        if (!isGroup(chat) || !chat.isPublic()) {
            throw new RuleRefusal("Only public group chats can be joined; ask a member of '" + gid
                    + "' to invite you.");
        }
    }

    /** Leave: a member of a group chat ({@code gid} as the request named it). */
    public static void requireMayLeave(Chat chat, long userId, String gid) {
        if (!isGroup(chat)) {
            throw new RuleRefusal("Only group chats can be left; '" + gid + "' is a " + chat.type() + " chat.");
        }
        if (!isMember(chat, userId)) {
            throw new RuleRefusal("You are not a member of chat '" + gid + "'.");
        }
    }

    /**
     * Remove members: admins of a group chat, anyone but themselves (they leave with joinchat);
     * {@code gid} as the request named it.
     */
    public static void requireMayRemoveMembers(Chat chat, ChatUser caller, Collection<Long> named, String gid) {
        if (!isGroup(chat)) {
            throw new RuleRefusal("Members can only be removed from group chats; '" + gid + "' is a "
                    + chat.type() + " chat.");
        }
        requireChatAdmin(chat, caller, "remove members");
        if (named.contains(caller.id())) {
            throw new RuleRefusal("You cannot remove yourself; leave the chat with joinchat (join=false).");
        }
    }

    /**
     * The part of {@link #requireFitsItsGid} the gid alone decides, checked before the chat is looked up (so the
     * answer is the same whether that pair's chat exists or not): a gid of two user ids is opened only by them.
     */
    public static void requireMayOpen(String gid, long callerId) {
        Optional<OneToOneGid> pair = OneToOneGid.parse(gid);
        if (OneToOneGid.hasReservedForm(gid) && pair.isEmpty()) {
            throw new InvalidRequestException("Gid '" + gid + "' has the form of a one-to-one chat's gid but does "
                    + "not name two different users; use the ids of both users joined by '&', or a UUID for a group.");
        }
        if (pair.isPresent() && !pair.get().includes(callerId)) {
            OneToOneGid users = pair.get();
            throw new RuleRefusal("Gid '" + gid + "' belongs to the one-to-one chat of users " + users.smaller()
                    + " and " + users.larger() + "; only they can open it. Use a UUID as the gid of a group chat.");
        }
    }

    /**
     * The one-to-one rule of PROTOCOL.md section 3, before anything is looked up: a gid of two user ids
     * (either order) is only ever the one2one chat of exactly those two, opened by one of them; a one2one
     * chat only ever has such a gid.
     */
    public static void requireFitsItsGid(String gid, String type, List<Long> members, long callerId) {
        requireMayOpen(gid, callerId);
        Optional<OneToOneGid> pair = OneToOneGid.parse(gid);
        if (pair.isPresent()) {
            OneToOneGid users = pair.get();
            if (!Chat.TYPE_ONE2ONE.equals(type)) {
                throw new RuleRefusal("Gid '" + gid + "' belongs to the one-to-one chat of users " + users.smaller()
                        + " and " + users.larger() + "; it cannot name a " + type
                        + " chat. Use a UUID as the gid of a group chat.");
            }
            if (!users.isExactly(members)) {
                throw new InvalidRequestException("The one-to-one chat '" + gid + "' has exactly the users "
                        + users.smaller() + " and " + users.larger() + "; 'members' must name no one else.");
            }
        } else if (Chat.TYPE_ONE2ONE.equals(type)) {
            if (members.size() != 2) {
                throw new InvalidRequestException(
                        "A one2one chat is between you and exactly one other user: 'members' must name both.");
            }
            throw new InvalidRequestException("The gid of a one2one chat is the two user ids joined by '&' "
                    + "(either order), here \"" + OneToOneGid.of(members.get(0), members.get(1)) + "\".");
        }
    }
}
