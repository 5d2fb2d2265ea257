package io.xuanxuan.gateway.transport;

/**
 * One data frame as received: the text of a text frame, or a binary frame (whose bytes the gateway
 * never reads). The text is copied out of the Netty buffer on arrival, so the frame outlives it.
 *
 * <p>It carries when it arrived because a frame can wait between being read and being handled (a client that
 * pipelines a thousand requests in one packet has them all read at once and handled one after the other): the
 * request budget is charged at arrival, so a flood is a flood however slowly the server gets to it.
 *
 * @param text         the frame's text, or null for a binary frame
 * @param receivedAt   epoch milliseconds of arrival (carried on the command, for latency)
 * @param arrivedNanos {@link System#nanoTime()} of arrival (what the request budget is charged at)
 */
public record InboundFrame(String text, long receivedAt, long arrivedNanos) {

    /** A text frame that arrives now. */
    public static InboundFrame text(String text) {
        return new InboundFrame(text, System.currentTimeMillis(), System.nanoTime());
    }

    /** A binary frame that arrives now. */
    public static InboundFrame binary() {
        return new InboundFrame(null, System.currentTimeMillis(), System.nanoTime());
    }

    public boolean isText() {
        return text != null;
    }
}
