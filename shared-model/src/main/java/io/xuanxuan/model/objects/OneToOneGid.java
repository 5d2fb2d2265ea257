package io.xuanxuan.model.objects;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gid of a one-to-one chat (PROTOCOL.md section 3): the ids of its two users joined by {@code &}, in
 * either order. The real clients sort the ids as strings (users 9 and 10 send {@code "10&9"}), the
 * document sorts them as numbers; both orders name the one chat of exactly those two users, and a gid of
 * this form never names a chat of any other type or with other members. The one place that rule lives:
 * the gateway keys both orders to one partition with {@link #routingKey}, the chat service looks a chat
 * up under {@link #names} and refuses anything else under a pair gid.
 *
 * @param first  the user id written first in the gid as given
 * @param second the user id written second
 */
public record OneToOneGid(long first, long second) {

    /** Digits, {@code &}, digits: the reserved form, whether or not it names two valid, different users. */
    private static final Pattern FORM = Pattern.compile("(\\d{1,19})&(\\d{1,19})");
    /** A user id as a client writes it: no sign, no leading zero, at most 18 digits (fits a long). */
    private static final Pattern ID = Pattern.compile("[1-9]\\d{0,17}");

    /**
     * Whether the gid has the one-to-one form (digits {@code &} digits). Such a gid is reserved for the
     * one-to-one chat of those two users even where {@link #parse} refuses it ({@code "4&4"},
     * {@code "04&6"}): nothing else may be created under it.
     */
    public static boolean hasReservedForm(String gid) {
        return gid != null && FORM.matcher(gid).matches();
    }

    /** The two users of a one-to-one gid, in the order given; empty if it is not one of two different ids. */
    public static Optional<OneToOneGid> parse(String gid) {
        if (gid == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(gid);
        if (!matcher.matches() || !ID.matcher(matcher.group(1)).matches()
                || !ID.matcher(matcher.group(2)).matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(matcher.group(1));
        long second = Long.parseLong(matcher.group(2));
        return first == second ? Optional.empty() : Optional.of(new OneToOneGid(first, second));
    }

    /** The gid of the two users' chat with the smaller id first (the document's order). */
    public static String of(long a, long b) {
        return Math.min(a, b) + "&" + Math.max(a, b);
    }

    /**
     * The gids a request's gid may name: itself, and for a one-to-one gid the other order too (at most one
     * of them is ever stored).
     */
    public static List<String> names(String gid) {
        return parse(gid).map(pair -> List.of(gid, pair.reversed())).orElseGet(() -> List.of(gid));
    }

    /** One key for both orders (the smaller id first), so their commands share a partition; others as given. */
    public static String routingKey(String gid) {
        return parse(gid).map(OneToOneGid::numeric).orElse(gid);
    }

    public long smaller() {
        return Math.min(first, second);
    }

    public long larger() {
        return Math.max(first, second);
    }

    /** Whether the user is one of the two. */
    public boolean includes(long userId) {
        return userId == first || userId == second;
    }

    /** Whether these are exactly the two users (any order, no one else). */
    public boolean isExactly(java.util.Collection<Long> users) {
        return users != null && users.size() == 2 && users.contains(first) && users.contains(second);
    }

    /** The gid in the order given. */
    public String gid() {
        return first + "&" + second;
    }

    /** The gid in the other order. */
    public String reversed() {
        return second + "&" + first;
    }

    /** The gid with the smaller id first. */
    public String numeric() {
        return of(first, second);
    }
}
