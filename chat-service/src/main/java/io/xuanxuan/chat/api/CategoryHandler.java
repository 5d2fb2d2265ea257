package io.xuanxuan.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.domain.RuleRefusal;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.objects.OneToOneGid;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatsCategorized;
import io.xuanxuan.service.command.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code category}: gids (an array of chat gids), name (the 2.x clients); the caller's own category of those
 * chats, like star/hide/mute ({@code ""} or absent: none), shown in the caller's {@code getList}. The caller must
 * be a member of every chat named, else the request is refused naming the first chat that is not theirs and
 * nothing changes. At most {@link ChatRules#MAX_CATEGORY_GIDS} gids, a name of at most
 * {@link ChatRules#MAX_CATEGORY_LENGTH} characters. Answers {@code {gids, category}} with the chats' own
 * gids; nothing is pushed.
 */
public class CategoryHandler extends ChatHandler {

    private final ChatStore chats;

    public CategoryHandler(ChatStore chats) {
        super(Methods.CATEGORY);
        this.chats = chats;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gids", "name");
        List<String> gids = gids(params.node("gids").orElseThrow(() -> Params.missing("gids")));
        String category = params.text("name", "").trim();
        if (category.length() > ChatRules.MAX_CATEGORY_LENGTH) {
            throw new InvalidRequestException("Parameter 'name' must be at most " + ChatRules.MAX_CATEGORY_LENGTH
                    + " characters.");
        }
        long userId = command.userId();
        return chats.memberChats(userId, gids)
                .collectMap(chat -> OneToOneGid.routingKey(chat.gid()))
                .flatMap(mine -> {
                    // every gid named must be one of the caller's chats; which one is not, is said, nothing else
                    for (String gid : gids) {
                        if (!mine.containsKey(OneToOneGid.routingKey(gid))) {
                            throw new RuleRefusal("Chat '" + gid + "' does not exist or you are not a member of it; "
                                    + "no category was changed.");
                        }
                    }
                    List<ChatStore.ChatKey> named = gids.stream().map(gid -> mine.get(OneToOneGid.routingKey(gid)))
                            .distinct().toList();
                    return chats.setCategory(userId, named.stream().map(ChatStore.ChatKey::id).toList(), category)
                            .thenReturn(Outcome.respond(command, Response.success(command.request(),
                                    new ChatsCategorized(named.stream().map(ChatStore.ChatKey::gid).toList(),
                                            category))));
                });
    }

    /** The gids named: a non-empty array of gids (also one gid as a string), without repeats, bounded. */
    private static List<String> gids(JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        if (items.isEmpty()) {
            throw new InvalidRequestException("Parameter 'gids' must name at least one chat.");
        }
        if (items.size() > ChatRules.MAX_CATEGORY_GIDS) {
            throw new InvalidRequestException("Parameter 'gids' names " + items.size() + " chats; one request may "
                    + "name at most " + ChatRules.MAX_CATEGORY_GIDS + ". Send them in several requests.");
        }
        Set<String> gids = new LinkedHashSet<>();
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw Params.invalid("gids", "an array of chat gids (strings)");
            }
            gids.add(ChatRules.requireGid(item.textValue(), "gids"));
        }
        return List.copyOf(gids);
    }
}
