package io.xuanxuan.chat.api;

import io.xuanxuan.chat.store.StoredMessage;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Delivery;
import io.xuanxuan.model.bus.DeliveryTarget;
import io.xuanxuan.model.bus.MessageMark;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.objects.Chat;
import io.xuanxuan.model.objects.Message;
import io.xuanxuan.model.protocol.Methods;
import io.xuanxuan.model.protocol.PushPacket;
import io.xuanxuan.service.command.Outcome;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What chat changes publish after the response: the push of the changed chat to its users (the
 * gateways write it to the online ones), the chat event, the stored messages. All keyed by chat gid.
 */
final class ChatOutcomes {

    private ChatOutcomes() {
    }

    /**
     * Pushes {@code method} with the chat to these users but the caller: the requesting connection gets
     * the response, not the push as well.
     */
    static Outcome push(Outcome outcome, String method, Chat chat, Collection<Long> users, long callerId) {
        return push(outcome, method, chat.gid(), chat, users, callerId);
    }

    /** Pushes {@code method} with {@code data} about chat {@code gid} to these users but the caller. */
    static Outcome push(Outcome outcome, String method, String gid, Object data, Collection<Long> users,
                        long callerId) {
        Set<Long> targets = new LinkedHashSet<>(users);
        targets.remove(callerId);
        if (!targets.isEmpty()) {
            outcome.delivery(gid, Delivery.push(DeliveryTarget.users(List.copyOf(targets)),
                    PushPacket.of(method, data)));
        }
        return outcome;
    }

    static Outcome chatEvent(Outcome outcome, ChatEvent.Type type, Chat chat) {
        return outcome.event(Topics.EVENTS_CHAT, chat.gid(), ChatEvent.of(type, chat));
    }

    /**
     * Stored messages to the chat's members but the sender (who has the response): ONE delivery, whatever
     * the number of members (DESIGN.md section 4), with the seqs in its mark. Every gateway writes it to
     * the connections it holds of those users; a member who is away gets the messages from the login sync,
     * which reads the table they were stored in. Nothing per recipient is stored or published.
     *
     * <p>The push carries each message once, in seq order (the mark's seqs increase strictly): a request
     * that re-sent a known gid among new ones lists it at its own, earlier seq.
     */
    static Outcome messages(Outcome outcome, String cgid, long senderId, Collection<StoredMessage> stored,
                            Collection<Long> members) {
        List<Long> recipients = members.stream().filter(id -> id != senderId).distinct().toList();
        if (recipients.isEmpty() || stored.isEmpty()) {
            return outcome;
        }
        Map<Long, Message> bySeq = new TreeMap<>();
        stored.forEach(one -> bySeq.put(one.seq(), one.message()));
        return outcome.delivery(cgid, Delivery.messages(DeliveryTarget.users(recipients),
                PushPacket.of(Methods.MESSAGE, List.copyOf(bySeq.values())),
                // accepted: stored, now handed to the gateways (the start of the delivery latency)
                new MessageMark(cgid, List.copyOf(bySeq.keySet()), System.currentTimeMillis())));
    }

    static long now(Clock clock) {
        return clock.instant().getEpochSecond();
    }
}
