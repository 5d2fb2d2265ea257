package io.xuanxuan.gateway.transport;

import io.xuanxuan.model.protocol.Response;

/**
 * One data frame as received: the text of a text frame, or a binary frame (whose bytes the gateway
 * never reads). The text is copied out of the Netty buffer on arrival, so the frame outlives it.
 *
 * <p>It carries when it arrived because a frame can wait between being read and being handled (a client that
 * pipelines a thousand requests in one packet has them all read at once and handled one after the other): the
 * request budget is charged at arrival, so a flood is a flood however slowly the server gets to it.
 *
 * <p>A door that speaks another dialect (the 2.x clients' encrypted door) hands the gate its request translated
 * to this server's JSON; for a method of its dialect that no service has (e.g. {@code extensions}) it also gives
 * the answer ({@code doorAnswer}), which the gate writes once the frame passed the same rate, shape and session
 * checks as every other request.
 *
 * @param text         the frame's text, or null for a binary frame
 * @param receivedAt   epoch milliseconds of arrival (carried on the command, for latency)
 * @param arrivedNanos {@link System#nanoTime()} of arrival (what the request budget is charged at)
 * @param doorAnswer   the door's own answer to this request, or null: the gate routes it as usual
 */
public record InboundFrame(String text, long receivedAt, long arrivedNanos, Response doorAnswer) {

    public InboundFrame(String text, long receivedAt, long arrivedNanos) {
        this(text, receivedAt, arrivedNanos, null);
    }

    /** A text frame that arrives now. */
    public static InboundFrame text(String text) {
        return new InboundFrame(text, System.currentTimeMillis(), System.nanoTime());
    }

    /** A request that arrives now and that its door answers itself ({@code answer}), after the gate's checks. */
    public static InboundFrame answeredByDoor(String text, Response answer) {
        return new InboundFrame(text, System.currentTimeMillis(), System.nanoTime(), answer);
    }

    /** A binary frame that arrives now. */
    public static InboundFrame binary() {
        return new InboundFrame(null, System.currentTimeMillis(), System.nanoTime());
    }

    public boolean isText() {
        return text != null;
    }
}
