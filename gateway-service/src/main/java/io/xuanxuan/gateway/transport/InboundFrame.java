package io.xuanxuan.gateway.transport;

/**
 * One data frame as received: the text of a text frame, or a binary frame (whose bytes the gateway
 * never reads). The text is copied out of the Netty buffer on arrival, so the frame outlives it.
 *
 * @param text       the frame's text, or null for a binary frame
 * @param receivedAt epoch milliseconds of arrival
 */
public record InboundFrame(String text, long receivedAt) {

    public static InboundFrame text(String text, long receivedAt) {
        return new InboundFrame(text, receivedAt);
    }

    public static InboundFrame binary(long receivedAt) {
        return new InboundFrame(null, receivedAt);
    }

    public boolean isText() {
        return text != null;
    }
}
