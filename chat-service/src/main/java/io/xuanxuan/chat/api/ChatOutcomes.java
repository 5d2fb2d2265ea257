package io.xuanxuan.chat.api;

import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.MessageEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What chat changes publish after the response: the push of the changed chat to its users (the
 * gateways write it to the online ones), the chat event, the message event. All keyed by chat gid.
 */
final class ChatOutcomes {

    private ChatOutcomes() {
    }

    /**
     * Pushes {@code method} with the chat to these users but the caller: the requesting connection gets
     * the response, not the push as well.
     */
    static Outcome push(Outcome outcome, String method, Chat chat, Collection<Long> users, long callerId) {
        Set<Long> targets = new LinkedHashSet<>(users);
        targets.remove(callerId);
        if (!targets.isEmpty()) {
            outcome.delivery(chat.gid(), Delivery.push(DeliveryTarget.users(List.copyOf(targets)),
                    PushPacket.of(method, chat)));
        }
        return outcome;
    }

    static Outcome chatEvent(Outcome outcome, ChatEvent.Type type, Chat chat) {
        return outcome.event(Topics.EVENTS_CHAT, chat.gid(), ChatEvent.of(type, chat));
    }

    /** The messages for the offline service to deliver, live or at the recipients' next login. */
    static Outcome messageEvent(Outcome outcome, String cgid, long senderId, List<Message> messages,
                                Collection<Long> members) {
        List<Long> recipients = members.stream().filter(id -> id != senderId).distinct().toList();
        return outcome.event(Topics.EVENTS_MESSAGE, cgid, MessageEvent.of(cgid, senderId, messages, recipients));
    }

    static long now(Clock clock) {
        return clock.instant().getEpochSecond();
    }

    /** A small response object with its fields in the given order. */
    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
