package io.xuanxuan.file.api;

import io.xuanxuan.file.domain.FileService;
import io.xuanxuan.file.domain.FileRequestRefusedException;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/** {@code attach/getList} (param gid): the chat's files, oldest first, for its members only. */
public class AttachGetListHandler implements CommandHandler {

    private final FileService files;

    public AttachGetListHandler(FileService files) {
        this.files = files;
    }

    @Override
    public ServiceName service() {
        return ServiceName.FILE;
    }

    @Override
    public String route() {
        return Request.routeOf(Methods.MODULE_ATTACH, Methods.GET_LIST);
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        String gid = command.request().params("gid").text("gid");
        return files.list(gid, command.userId())
                .map(list -> Outcome.respond(command, Response.success(command.request(), list)))
                .onErrorResume(FileRequestRefusedException.class,
                        refusal -> Mono.just(Outcome.respond(command, Response.fail(command.request(), refusal.getMessage()))));
    }
}
