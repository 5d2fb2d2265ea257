package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.chat.store.ChatStore;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.MemberFlagChanged;
import io.xuanxuan.service.command.Outcome;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * {@code star}, {@code hide} and {@code mute}: gid, flag (default true); members only, each member's own
 * flag. Answers e.g. {@code {gid, star}}; nothing is pushed. One instance per method.
 */
public class MemberFlagHandler extends ChatHandler {

    private final ChatLookup lookup;
    private final ChatStore chats;
    private final ChatStore.Flag flag;
    private final String parameter;

    public MemberFlagHandler(ChatStore.Flag flag, ChatLookup lookup, ChatStore chats) {
        super(methodOf(flag));
        this.flag = flag;
        this.parameter = methodOf(flag);
        this.lookup = lookup;
        this.chats = chats;
    }

    private static String methodOf(ChatStore.Flag flag) {
        return switch (flag) {
            case STAR -> Methods.STAR;
            case HIDE -> Methods.HIDE;
            case MUTE -> Methods.MUTE;
        };
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid", parameter);
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        boolean value = params.bool(parameter, true);
        long userId = command.userId();
        return lookup.chat(gid).flatMap(chat -> {
            ChatRules.requireMember(chat, userId);
            return chats.setFlag(chat.id(), userId, flag, value)
                    .map(ignored -> Outcome.respond(command, Response.success(command.request(),
                            changed(chat.gid(), value))));
        });
    }

    /** The answer, under the method's own name. */
    private MemberFlagChanged changed(String gid, boolean value) {
        return switch (flag) {
            case STAR -> new MemberFlagChanged.Star(gid, value);
            case HIDE -> new MemberFlagChanged.Hide(gid, value);
            case MUTE -> new MemberFlagChanged.Mute(gid, value);
        };
    }

    @Override
    public String toString() {
        return "MemberFlagHandler[" + flag.name().toLowerCase(Locale.ROOT) + "]";
    }
}
