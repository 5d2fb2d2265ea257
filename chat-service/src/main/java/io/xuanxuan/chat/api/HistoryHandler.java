package io.xuanxuan.chat.api;

import io.xuanxuan.chat.config.ChatProperties;
import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.store.MessageStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.HistoryPager;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code history}: gid, recPerPage (20, at most the configured cap), pageID (1), recTotal (ignored: the
 * real total is answered), continued (echoed), startDate (the 2.x clients': only messages sent at or after
 * it; Unix seconds, or milliseconds above 10^11; absent or 0: all); members only. Answers one page of
 * messages, newest first, and a top-level {@code pager: {recPerPage, pageID, recTotal, gid, continued}}
 * whose recTotal counts the same messages (those since startDate).
 */
public class HistoryHandler extends ChatHandler {

    static final int DEFAULT_PAGE_SIZE = 20;

    private final ChatLookup lookup;
    private final MessageStore messages;
    private final ChatProperties properties;

    public HistoryHandler(ChatLookup lookup, MessageStore messages, ChatProperties properties) {
        super(Methods.HISTORY);
        this.lookup = lookup;
        this.messages = messages;
        this.properties = properties;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", "recPerPage", "pageID", "recTotal", "continued",
                "startDate");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        long requestedSize = params.longValue("recPerPage", DEFAULT_PAGE_SIZE);
        int recPerPage = requestedSize < 1 ? DEFAULT_PAGE_SIZE
                : (int) Math.min(requestedSize, properties.maxHistoryPageSize());
        int pageId = (int) Math.max(1, Math.min(params.longValue("pageID", 1), 10_000_000L));
        boolean continued = params.bool("continued", false);
        long since = seconds(params.longValue("startDate", 0));
        return lookup.chat(gid).flatMap(chat -> {
            ChatRules.requireMember(chat, command.userId());
            // the chat's own gid: a one-to-one chat's messages are stored under the gid it was created with
            String cgid = chat.gid();
            return messages.count(cgid, since).zipWith(messages.page(cgid, since, recPerPage, pageId).collectList())
                    .map(result -> Outcome.respond(command, Response.success(command.request(), result.getT2())
                            .withPager(new HistoryPager(recPerPage, pageId, result.getT1(), cgid, continued))));
        });
    }

    /** A start date in Unix seconds: milliseconds (above 10^11) are rounded down, so nothing sent in its second is left out. */
    static long seconds(long startDate) {
        return startDate > MessageHandler.MILLIS_THRESHOLD ? startDate / 1000 : Math.max(0, startDate);
    }
}
