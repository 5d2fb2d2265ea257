package io.xuanxuan.chat.api;

import io.xuanxuan.chat.domain.ChatLookup;
import io.xuanxuan.chat.domain.ChatRules;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.results.ChatMembers;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code members}: gid; members only. Answers {@code {gid, members: [ids]}}. */
public class MembersHandler extends ChatHandler {

    private final ChatLookup lookup;

    public MembersHandler(ChatLookup lookup) {
        super(Methods.MEMBERS);
        this.lookup = lookup;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        Params params = command.request().params("gid");
        String gid = ChatRules.requireGid(params.text("gid"), "gid");
        return lookup.chat(gid).map(chat -> {
            ChatRules.requireMember(chat, command.userId());
            return Outcome.respond(command, Response.success(command.request(),
                    new ChatMembers(chat.gid(), chat.members())));
        });
    }
}
