package io.xuanxuan.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.xuanxuan.bus.BusSubscription;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.bus.RecordHandler;
import io.xuanxuan.model.bus.Command;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.model.protocol.Request;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * How an outcome goes to the bus: its deliveries all at once (in their order, which the bus keeps per key),
 * not each waiting for the acknowledgement of the one before; its events and commands to other services
 * after the deliveries are accepted, so what they cause elsewhere cannot overtake them.
 */
class CommandDispatcherPublishTest {

    /** A bus whose publishes complete only when the test acknowledges them. */
    static final class HeldBus implements MessageBus {
        record Held(String topic, String key, Sinks.Empty<Void> ack) {
        }

        final List<Held> subscribed = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> publish(String topic, String key, Object record) {
            return Mono.defer(() -> {
                Sinks.Empty<Void> ack = Sinks.empty();
                subscribed.add(new Held(topic, key, ack));
                return ack.asMono();
            });
        }

        @Override
        public <T> BusSubscription subscribe(String topic, String group, Class<T> type, RecordHandler<T> handler) {
            throw new UnsupportedOperationException();
        }

        void acknowledge(int index) {
            subscribed.get(index).ack().tryEmitEmpty();
        }
    }

    /** The file service owns one method only (attach/getList), so one handler makes a complete route table. */
    @Test
    void deliveriesGoOutTogetherAndEventsAfterThem() {
        HeldBus bus = new HeldBus();
        CommandHandler handler = new CommandHandler() {
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
                return Mono.just(Outcome.respond(command, Response.success(command.request(), "ok"))
                        .delivery("chat-1", Delivery.push(DeliveryTarget.users(List.of(2L, 3L)),
                                PushPacket.of("test", "pushed")))
                        .event(Topics.EVENTS_CHAT, "chat-1", Map.of("changed", true))
                        .delivery("chat-1", Delivery.push(DeliveryTarget.users(List.of(2L)),
                                PushPacket.of("test", "second"))));
            }
        };
        CommandDispatcher dispatcher = new CommandDispatcher(ServiceName.FILE, bus, List.of(handler), List.of(),
                null);
        Request request = new Request(Methods.MODULE_ATTACH, Methods.GET_LIST, ProtocolJson.toTree(Map.of()), null, null);
        List<String> done = new CopyOnWriteArrayList<>();
        Disposable dispatching = dispatcher.dispatch(Command.request("c1", "gw", "conn", 1L, request, 0))
                .subscribe(null, e -> done.add("error " + e), () -> done.add("done"));
        try {
            // all three deliveries handed to the bus at once, in the outcome's order; the event not yet
            assertThat(bus.subscribed).extracting(HeldBus.Held::topic)
                    .containsExactly(Topics.DELIVERIES, Topics.DELIVERIES, Topics.DELIVERIES);
            assertThat(bus.subscribed).extracting(HeldBus.Held::key).containsExactly("1", "chat-1", "chat-1");

            bus.acknowledge(2);
            bus.acknowledge(0);
            assertThat(bus.subscribed).as("the event waits for every delivery").hasSize(3);
            bus.acknowledge(1);
            assertThat(bus.subscribed).extracting(HeldBus.Held::topic).last().isEqualTo(Topics.EVENTS_CHAT);
            assertThat(done).as("the command is done when the event is accepted too").isEmpty();
            bus.acknowledge(3);
            assertThat(done).containsExactly("done");
        } finally {
            dispatching.dispose();
        }
    }
}
