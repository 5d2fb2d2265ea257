package io.xuanxuan.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Reactor Netty's WebSocket server does not let us configure, set on each upgraded channel.
 *
 * <p><b>Strict frames.</b> Reactor Netty builds its frame decoder with extensions allowed (RSV bits
 * pass unchecked) and no UTF-8 validation. The decoder is replaced by one with extensions refused
 * (the gateway never negotiates compression, see {@code WebsocketServerSpec.compress}, so an RSV bit
 * is a protocol error: 1002), followed by Netty's {@link Utf8FrameValidator} (invalid UTF-8 in a text
 * message, fragmented or not: 1007). Neither writes anything itself: a violation (those two, a reserved
 * opcode, a close code RFC 6455 7.4 forbids, a frame over the limit) goes to the connection's
 * listener, which closes with the status the exception names, through the same path as every other
 * close. The exception stops here: Reactor would log each as a WARN with a stack trace, and the
 * client decides how many there are. One line per {@link #LOG_INTERVAL} is logged instead.
 *
 * <p><b>Lingering close.</b> Closing a socket whose receive buffer still holds unread bytes makes the
 * kernel send a TCP reset, and a reset can destroy the close frame before the client reads it: a
 * client closed for a flood of 600 requests saw 1006 instead of 1008. So the first close of the
 * channel half-closes it instead (the close frame is out, then FIN), reads and discards what the
 * client still sends until it closes its side (then the close is clean), and closes for good after
 * {@code linger} at the latest. It also drops Reactor's frame aggregator when the socket ends, so a
 * socket that ends mid-message is not a WARN line each.
 */
public final class WebSocketProtocolGuard {

    private static final Logger log = LoggerFactory.getLogger(WebSocketProtocolGuard.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final io.xuanxuan.gateway.support.RateLimitedLog violations =
            new io.xuanxuan.gateway.support.RateLimitedLog(log, LOG_INTERVAL);

    private static final AttributeKey<Lingering> LINGERING = AttributeKey.valueOf("xuanxuan.lingering");
    private static final String DECODER = "wsdecoder";
    private static final String UTF8 = "xuanxuan.utf8";
    private static final String VIOLATIONS = "xuanxuan.violations";
    private static final String LINGER = "xuanxuan.linger";

    private final Violations handler;

    private WebSocketProtocolGuard(Violations handler) {
        this.handler = handler;
    }

    /**
     * Sets the channel up; call right after the upgrade, before frames are read. Returns null (and
     * changes nothing) if the pipeline is not the one expected (no Netty WebSocket decoder).
     */
    static WebSocketProtocolGuard install(Channel channel, int maxFrameBytes, Duration linger) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(DECODER) == null) {
            log.warn("no '{}' in the WebSocket pipeline {}: frames are not checked strictly", DECODER, pipeline.names());
            return null;
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrameBytes)
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .build();
        Violations violations = new Violations(channel);
        // replace keeps the decoder's place; bytes the old one had buffered are passed to the new one
        pipeline.replace(DECODER, DECODER, new WebSocket13FrameDecoder(config));
        pipeline.addAfter(DECODER, UTF8, new Utf8FrameValidator(false));
        pipeline.addAfter(UTF8, VIOLATIONS, violations);
        Lingering lingering = new Lingering(linger);
        channel.attr(LINGERING).set(lingering);
        pipeline.addFirst(LINGER, lingering);
        return new WebSocketProtocolGuard(violations);
    }

    /** Who closes the connection on a violation (called at once if one happened already). */
    void onViolation(Consumer<WebSocketCloseStatus> listener) {
        handler.listen(listener);
    }

    /** Closes the TCP connection now, without lingering (a client that does not take its close frame). */
    static void closeNow(Channel channel) {
        Lingering lingering = channel.attr(LINGERING).get();
        if (lingering != null) {
            lingering.forced = true;
        }
        channel.close();
    }

    /** Catches the decoder's and the UTF-8 validator's exceptions and hands the close status on. */
    private static final class Violations extends ChannelInboundHandlerAdapter {

        private final Channel channel;
        private Consumer<WebSocketCloseStatus> listener;
        private WebSocketCloseStatus pending;

        Violations(Channel channel) {
            this.channel = channel;
        }

        synchronized void listen(Consumer<WebSocketCloseStatus> listener) {
            this.listener = listener;
            if (pending != null) {
                listener.accept(pending);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof CorruptedWebSocketFrameException corrupted)) {
                ctx.fireExceptionCaught(cause);
                return;
            }
            WebSocketCloseStatus status = corrupted.closeStatus() != null
                    ? corrupted.closeStatus() : WebSocketCloseStatus.PROTOCOL_ERROR;
            violations.info("WebSocket protocol violation from {}: {} ({}), closing with {}",
                    channel.remoteAddress(), corrupted.getMessage(), status.reasonText(), status.code());
            Consumer<WebSocketCloseStatus> target;
            synchronized (this) {
                if (pending != null) {
                    return; // the decoder discards the rest; one close is enough
                }
                pending = new WebSocketCloseStatus(status.code(), shortReason(corrupted, status), false);
                target = listener;
            }
            if (target != null) {
                target.accept(pending);
            }
        }

        /** The reason sent in the close frame: at most 123 bytes (RFC 6455 5.5), ASCII. */
        private static String shortReason(CorruptedWebSocketFrameException error, WebSocketCloseStatus status) {
            String reason = error.getMessage() != null ? error.getMessage() : status.reasonText();
            reason = reason.replaceAll("[^\\x20-\\x7E]", "?");
            return reason.length() > 120 ? reason.substring(0, 120) : reason;
        }
    }

    /** The lingering close (first in the pipeline: it sees the raw bytes and the last of the closes). */
    private static final class Lingering extends ChannelDuplexHandler {

        private final Duration linger;
        private boolean lingering;
        volatile boolean forced;

        Lingering(Duration linger) {
            this.linger = linger;
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            Channel channel = ctx.channel();
            if (forced || !channel.isActive() || !(channel instanceof DuplexChannel duplex)) {
                super.close(ctx, promise);
                return;
            }
            // completed by the real close: at the client's end of stream, or after linger
            channel.closeFuture().addListener(closed -> promise.trySuccess());
            if (lingering) {
                return; // a second close (Reactor closes again when the handler ends): the linger goes on
            }
            if (duplex.isOutputShutdown()) {
                forceClose(ctx);
                return;
            }
            lingering = true;
            duplex.shutdownOutput().addListener(shutdown -> {
                if (!shutdown.isSuccess()) {
                    forceClose(ctx);
                }
            });
            channel.config().setAutoRead(true);
            channel.read();
            ctx.executor().schedule(() -> forceClose(ctx), linger.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void forceClose(ChannelHandlerContext ctx) {
            forced = true;
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (lingering) {
                ReferenceCountUtil.release(msg); // the close frame is out: what follows is not read
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /**
         * A socket that ends in the middle of a fragmented message would make Reactor's frame
         * aggregator raise "closed while still aggregating", which Reactor logs as a WARN for every
         * such socket (the client decides how many). The aggregator is removed first: that releases
         * the partial message, and there is nothing to report.
         */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            WebSocketFrameAggregator aggregator = ctx.pipeline().get(WebSocketFrameAggregator.class);
            if (aggregator != null) {
                try {
                    ctx.pipeline().remove(aggregator);
                } catch (java.util.NoSuchElementException removedMeanwhile) {
                    // gone already
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (lingering && event instanceof ChannelInputShutdownEvent) {
                forceClose(ctx); // the client closed its side: nothing unread is left
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
