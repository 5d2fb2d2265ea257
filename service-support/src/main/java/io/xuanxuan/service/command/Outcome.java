package io.xuanxuan.service.command;

import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.protocol.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What handling a command produced: the records to publish. A handler stores its state first and returns
 * an outcome; the dispatcher publishes it and only then commits the command, so a crash in between
 * re-publishes rather than loses (at least once). Records of one topic and key keep their order; the
 * deliveries go out together and before the events and commands (see {@link OutcomePublisher}).
 */
public final class Outcome {

    private final List<Outgoing> records = new ArrayList<>();

    public static Outcome of() {
        return new Outcome();
    }

    /** The response to the requesting connection, keyed like every delivery to that user. */
    public static Outcome respond(Command command, Response response) {
        return new Outcome().response(command, response);
    }

    public Outcome response(Command command, Response response) {
        return delivery(deliveryKey(command), Delivery.response(command.connectionId(), response));
    }

    /** A delivery keyed by the user it concerns, so one user's deliveries stay in order. */
    public Outcome delivery(String key, Delivery delivery) {
        records.add(new Outgoing(Topics.DELIVERIES, key, delivery));
        return this;
    }

    public Outcome event(String topic, String key, Object event) {
        records.add(new Outgoing(topic, key, event));
        return this;
    }

    public List<Outgoing> records() {
        return List.copyOf(records);
    }

    /** Deliveries for a logged-in user are keyed by user id, others by connection id. */
    public static String deliveryKey(Command command) {
        return command.userId() != null ? String.valueOf(command.userId()) : command.connectionId();
    }
}
