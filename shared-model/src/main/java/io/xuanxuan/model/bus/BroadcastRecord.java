package io.xuanxuan.model.bus;

import java.util.List;

/**
 * A notice from another internal system, on {@code xx.broadcast} (any key). It becomes a
 * {@code broadcast} message delivered like any other: in the chat {@code gid}, or, with {@code users},
 * in each user's own notice chat. Exactly one of {@code gid} and {@code users} is set.
 *
 * <pre>
 * {"v":1, "key":"billing-2026-11-26-42", "gid":"c0ffee-chat-gid", "content":"The build is green.", "contentType":"text"}
 * {"v":1, "key":"maintenance-2026-12-01", "users":[3,4], "content":"Maintenance tonight at 22:00."}
 * </pre>
 *
 * @param key         the idempotency key: the same key again stores nothing new (required, at most 100
 *                    characters)
 * @param contentType text (default), plain, or any message content type
 */
public record BroadcastRecord(int v, String key, String gid, List<Long> users, String content, String contentType) {
}
