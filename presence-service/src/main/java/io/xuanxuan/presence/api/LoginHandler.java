package io.xuanxuan.presence.api;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.PresenceEvent;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.User;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.KickoffNotice;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.Params;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import io.xuanxuan.presence.domain.Account;
import io.xuanxuan.presence.domain.LoginMetrics;
import io.xuanxuan.presence.domain.LoginResult;
import io.xuanxuan.presence.domain.Sessions;
import io.xuanxuan.presence.store.UserDirectory;
import io.xuanxuan.service.command.CommandHandler;
import io.xuanxuan.service.command.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code login}: account, password (md5 hex), status. On success, in this order: kickoff to the older
 * connection, the response (binding the sid), {@code userGetlist} to this connection, {@code login} to
 * the others, and the ONLINE event after which chat sends {@code getList} and offline flushes the queue.
 * Whether the login succeeds, and which connection it replaces, is {@link Sessions}'s decision.
 */
public class LoginHandler implements CommandHandler {

    private final Sessions sessions;
    private final UserDirectory directory;
    private final LoginMetrics metrics;

    public LoginHandler(Sessions sessions, UserDirectory directory, LoginMetrics metrics) {
        this.sessions = sessions;
        this.directory = directory;
        this.metrics = metrics;
    }

    @Override
    public ServiceName service() {
        return ServiceName.PRESENCE;
    }

    @Override
    public String route() {
        return Methods.route(Methods.LOGIN);
    }

    @Override
    public boolean requiresLogin() {
        return false;
    }

    @Override
    public Mono<Outcome> handle(Command command) {
        return Mono.defer(() -> attempt(command))
                .doOnError(error -> metrics.failed(error instanceof InvalidRequestException
                        ? LoginMetrics.INVALID_REQUEST : LoginMetrics.ERROR));
    }

    private Mono<Outcome> attempt(Command command) {
        Params params = command.request().params("account", "password", "status");
        return sessions.login(params.text("account"), params.text("password"), params.text("status", "online"),
                        command.gatewayId(), command.connectionId(), command.receivedAt())
                .flatMap(result -> {
                    if (result instanceof LoginResult.Success success) {
                        return loggedIn(command, success).doOnSuccess(ignored -> metrics.succeeded());
                    }
                    LoginResult.Failure failure = (LoginResult.Failure) result;
                    metrics.failed(failure.reason());
                    return Mono.just(refused(command, failure.message()));
                });
    }

    private Outcome refused(Command command, String message) {
        Response response = Response.fail(command.request(), message)
                .withData(ProtocolJson.nodes().textNode(message));
        return Outcome.respond(command, response);
    }

    private Mono<Outcome> loggedIn(Command command, LoginResult.Success success) {
        Account account = success.account();
        User user = account.toUser();
        String key = String.valueOf(user.id());
        return directory.allAsJson().map(everyone -> {
            Outcome outcome = Outcome.of();
            if (success.replaced() != null) {
                outcome.delivery(key, Delivery.noticeAndClose(success.replaced().connectionId(),
                        ProtocolJson.toTree(KickoffNotice.anotherLogin())));
            }
            Response response = Response.success(command.request(), user).withSid(success.session().sid());
            outcome.delivery(key, Delivery.response(command.connectionId(), response)
                    .binding(new SessionBinding(user.id(), user.account(), success.session().sid())));
            outcome.delivery(key, Delivery.push(DeliveryTarget.connection(command.connectionId()),
                    PushPacket.of(Methods.USER_GET_LIST, everyone)));
            PresenceOutcomes.pushToOthers(outcome, Methods.LOGIN, user);
            return outcome.event(Topics.EVENTS_PRESENCE, key, PresenceEvent.online(user, command.gatewayId(),
                    command.connectionId(), success.session().sid()));
        });
    }
}
