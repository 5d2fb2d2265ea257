package io.xuanxuan.service.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.InvalidRequestException;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.xuanxuan.service.config.Phases;
import io.xuanxuan.service.event.BusConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code xx.commands.<service>} and runs each command through the handler of its method:
 * checks login, turns bad parameters into a {@code fail}, publishes the outcome ({@link OutcomePublisher}), and only then
 * lets the bus commit. One dispatcher per service; it starts after the context (and migrations) are up.
 */
public class CommandDispatcher extends BusConsumer {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    /** Timer {@code service}, {@code route}: commands handled, and how long each took (histogram). */
    public static final String DURATION = "xuanxuan.command.duration";
    /** Counter {@code service}, {@code route}: commands whose handler failed unexpectedly (a server error). */
    public static final String ERRORS = "xuanxuan.command.errors";
    /** Bucket bounds of the latency histograms: from a cache hit to a command stuck behind a storm. */
    public static final Duration[] LATENCY_BUCKETS = java.util.stream.LongStream
            .of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final ServiceName service;
    private final MessageBus bus;
    private final OutcomePublisher publisher;
    private final RouteTable handlers;
    private final List<ConnectionClosedHandler> closedHandlers;
    private final MeterRegistry meters;

    public CommandDispatcher(ServiceName service, MessageBus bus, List<CommandHandler> allHandlers,
                             List<ConnectionClosedHandler> allClosedHandlers, MeterRegistry meters) {
        super(Phases.COMMAND_CONSUMERS);
        this.service = service;
        this.bus = bus;
        this.publisher = new OutcomePublisher(bus);
        this.meters = meters;
        // a route without its handler, or with two, stops the start-up here (the dispatcher is a bean)
        this.handlers = RouteTable.of(service, allHandlers);
        this.closedHandlers = allClosedHandlers.stream().filter(h -> h.service() == service).toList();
    }

    /** Handles one command and publishes what follows; exposed for tests that bypass the bus. */
    public Mono<Void> dispatch(Command command) {
        long started = System.nanoTime();
        Mono<Outcome> outcome = command.type() == Command.Type.CONNECTION_CLOSED
                ? Flux.fromIterable(closedHandlers).concatMap(h -> h.connectionClosed(command))
                        .reduce(Outcome.of(), (all, one) -> {
                            one.records().forEach(r -> all.event(r.topic(), r.key(), r.record()));
                            return all;
                        })
                : handleRequest(command);
        return outcome.flatMap(publisher::publish)
                .doOnTerminate(() -> record(command, started));
    }

    private Mono<Outcome> handleRequest(Command command) {
        CommandHandler handler = handlers.handler(command.request().route());
        if (handler == null) {
            return Mono.just(Outcome.respond(command, Response.fail(command.request(),
                    "Method '" + command.request().module() + "/" + command.request().method()
                            + "' is not available on this server.")));
        }
        if (handler.requiresLogin() && !command.authenticated()) {
            return Mono.just(Outcome.respond(command, Response.denied(command.request(), "Log in first.")));
        }
        return Mono.defer(() -> handler.handle(command))
                .switchIfEmpty(Mono.fromSupplier(() -> Outcome.respond(command, Response.fail(command.request(),
                        "Your account or the object you asked for no longer exists."))))
                .onErrorResume(e -> Mono.just(Outcome.respond(command, failure(command, e))));
    }

    private Response failure(Command command, Throwable error) {
        if (error instanceof InvalidRequestException) {
            return Response.fail(command.request(), error.getMessage());
        }
        countError(command);
        // the client gets an answer either way; the log has the cause for the operator
        log.error("{} failed for command {}", command.request().route(), command.commandId(), error);
        return Response.fail(command.request(), "The server could not complete this request; try again.");
    }

    private void record(Command command, long started) {
        if (meters == null) {
            return;
        }
        Timer.builder(DURATION)
                .description("Time from taking a command off the bus to publishing its outcome")
                .tag("service", service.id())
                .tag("route", routeTag(command))
                // fixed buckets (few series per route) for histogram_quantile over all instances
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** A handler failed unexpectedly (not bad input): the client was told to try again. */
    private void countError(Command command) {
        if (meters != null) {
            meters.counter(ERRORS, "service", service.id(), "route", routeTag(command)).increment();
        }
    }

    /** The method's route, bounded to the methods this service knows: anything else is {@code unknown}. */
    private String routeTag(Command command) {
        if (command.type() == Command.Type.CONNECTION_CLOSED) {
            return "connection-closed";
        }
        String route = command.request().route();
        return handlers.handler(route) != null ? route : "unknown";
    }

    @Override
    protected List<BusSubscription> subscribe() {
        if (meters != null) {
            // at 0 from the start (the methods are few and fixed), so an error ratio has a series to divide
            handlers.routes().forEach(route -> meters.counter(ERRORS, "service", service.id(), "route", route));
        }
        log.info("{} service consuming {} with {} methods", service.id(), Topics.commands(service), handlers.routes().size());
        return List.of(bus.subscribe(Topics.commands(service), service.id(), Command.class, this::dispatch));
    }
}
