package io.xuanxuan.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.xuanxuan.gateway.command.CommandGate;
import io.xuanxuan.gateway.command.CommandPublisher;
import io.xuanxuan.gateway.config.GatewayProperties;
import io.xuanxuan.gateway.metrics.GatewayMetrics;
import io.xuanxuan.gateway.support.RateLimitedLog;
import io.xuanxuan.model.bus.SessionBinding;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.protocol.LegacyTcpListener;
import io.xuanxuan.model.protocol.Response;
import io.xuanxuan.model.protocol.Result;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's second door: the legacy TCP transport of the 1.0 desktop client (PROTOCOL.md sections 1 and 10),
 * one JSON value per {@code \n}-terminated UTF-8 line both ways. A socket here is a {@link Connection} like a
 * WebSocket (same registry, same {@link CommandGate}: validation, sid binding, rate limit, flood close, routing;
 * same deliveries, kickoff and drain); only its {@link TcpWire} differs. Per socket, until the first ends:
 * <ol>
 *   <li><b>inbound</b>: Netty's {@link LineBasedFrameDecoder} cuts lines (several per read, or one over many
 *       reads) and never holds more than {@code max-frame-bytes} of one: a longer line is answered {@code fail}
 *       and the connection closed, its bytes discarded as they arrive. Each line is stamped with its arrival as it
 *       is cut, then lines go one at a time through the gate (charged to the request budget at their arrival);
 *       reading pauses while one is handled, so a client cannot queue work here;</li>
 *   <li><b>outbound</b>: the connection's items, at most 16 writes not yet completed, flushed together once per
 *       run of the event loop: the next is taken when a write completed, so a client that does not read leaves
 *       its items in the connection's bounded queue, and is closed as too slow when that is full. A receipt
 *       marker is confirmed once every write before it has completed and the socket is still open
 *       {@code tcp.receipt-delay} later (that is what advances the message cursors on this transport);</li>
 *   <li><b>idle</b>: nothing received for {@code tcp.idle-timeout} closes it (no server pings; TCP keepalive is
 *       on);</li>
 *   <li><b>login deadline</b>: as on the WebSocket door.</li>
 * </ol>
 * After a close decided here (logout, kickoff, flood, line too long, drain) the output is shut down once what was
 * queued before is written, and the socket lingers, reading and discarding, until the client closes or
 * {@code close-timeout} passes: closing with unread input would reset the connection and could destroy the last
 * line before the client read it.
 */
public class LegacyTcpServer implements SmartLifecycle, LegacyTcpListener {

    private static final Logger log = LoggerFactory.getLogger(LegacyTcpServer.class);
    private static final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));

    /** Started with the web server (after the delivery writer), stopped after the drain closed its sockets. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    /** What the line decoder hands on instead of a line over the limit (whose bytes it discards). */
    private static final Object LINE_TOO_LONG = new Object();

    private final GatewayProperties properties;
    private final String address;
    private final ConnectionRegistry registry;
    private final CommandGate gate;
    private final CommandPublisher publisher;
    private final ConnectionLimits limits;
    private final GatewayMetrics metrics;
    private final BooleanSupplier draining;
    private volatile DisposableServer server;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param address  the address to bind (empty: all interfaces)
     * @param draining true once the gateway shuts down: a new socket is refused
     */
    public LegacyTcpServer(GatewayProperties properties, String address, ConnectionRegistry registry, CommandGate gate,
                           CommandPublisher publisher, ConnectionLimits limits, GatewayMetrics metrics,
                           BooleanSupplier draining) {
        this.properties = properties;
        this.address = address;
        this.registry = registry;
        this.gate = gate;
        this.publisher = publisher;
        this.limits = limits;
        this.metrics = metrics;
        this.draining = draining;
        metrics.tcpConnectionsGauge(open::get);
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        int maxLine = properties.maxFrameBytes();
        TcpServer tcp = TcpServer.create()
                .port(properties.tcp().port())
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .doOnConnection(connection -> connection
                        .addHandlerLast("xx.lines", new LineBasedFrameDecoder(maxLine, true, true))
                        .addHandlerLast("xx.arrival", new LineArrival())
                        .addHandlerLast("xx.lineTooLong", new LineTooLong()))
                .handle(this::handle);
        if (!address.isEmpty()) {
            tcp = tcp.host(address);
        }
        server = tcp.bindNow();
        log.info("legacy TCP transport (1.0 clients) listening on {}", server.address());
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.disposeNow(properties.closeTimeout());
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The port it listens on (the one bound when {@code tcp.port} is 0); 0 when not listening. */
    @Override
    public int port() {
        DisposableServer bound = server;
        return bound != null ? bound.port() : 0;
    }

    private Mono<Void> handle(NettyInbound in, NettyOutbound out) {
        AtomicReference<Channel> captured = new AtomicReference<>();
        in.withConnection(connection -> captured.set(connection.channel()));
        Channel channel = captured.get();
        if (draining.getAsBoolean()) {
            metrics.connectionRefused(LimitedHandshakeWebSocketService.SHUTTING_DOWN_TAG);
            return refuse(out, "This server is shutting down: connect again (another server takes the connection).");
        }
        InetAddress remote = addressOf(channel.remoteAddress());
        ConnectionLimits.Admission admission = limits.tryOpen(remote);
        if (admission.refusal() != null) {
            metrics.connectionRefused(admission.refusal().tag());
            refusals.info("TCP connection from {} refused: {}", remote, admission.refusal().tag());
            return refuse(out, admission.refusal() == ConnectionLimits.Refusal.PER_ADDRESS
                    ? "Too many connections from your address (at most " + limits.maxPerAddress()
                            + "): close one and try again."
                    : "Too many connections are waiting to log in; try again in 10 seconds.");
        }
        ConnectionLimits.Ticket ticket = admission.ticket();
        Connection connection = new Connection(registry.nextConnectionId(), new TcpWire(channel), channel,
                properties.outboundBufferFrames(), properties.maxPushFrameBytes(), properties.closeTimeout(),
                gate.newFloodGuard(), metrics);
        connection.limitedBy(ticket);
        registry.register(connection);
        open.incrementAndGet();
        log.debug("TCP connection {} opened from {}", connection.id(), channel.remoteAddress());

        Mono<Void> inbound = in.receiveObject()
                .<InboundFrame>handle((message, sink) -> {
                    connection.touch();
                    if (message == LINE_TOO_LONG) {
                        lineTooLong(connection);
                    } else if (message instanceof InboundFrame frame && !frame.text().isBlank()) {
                        sink.next(frame); // a blank line only shows the client is there
                    }
                })
                .concatMap(frame -> gate.handle(connection, frame), GatewayWebSocketHandler.INBOUND_PREFETCH)
                .onErrorResume(error -> {
                    log.debug("TCP connection {}: inbound ended with {}", connection.id(), error.toString());
                    connection.closeNow(CloseStatus.SERVER_ERROR);
                    return Mono.empty();
                })
                .then();

        Sinks.Empty<Void> written = Sinks.empty();
        // the writer runs on the socket's event loop: writes, flushes and receipts stay in the items' order
        connection.items()
                .publishOn(Schedulers.fromExecutor(channel.eventLoop()), Writer.WRITES_IN_FLIGHT)
                .subscribe(new Writer(channel, connection, properties.tcp().receiptDelay(), written));
        Mono<Void> outbound = written.asMono()
                .then(Mono.defer(() -> linger(channel)));

        Duration idle = properties.tcp().idleTimeout();
        Duration every = idleCheckInterval(idle);
        Mono<Void> idleCheck = Flux.interval(every, every)
                .filter(tick -> connection.idleFor().compareTo(idle) > 0)
                .next()
                .doOnNext(tick -> {
                    if (connection.closeNow(Connection.IDLE)) {
                        log.debug("TCP connection {}: nothing received for {}, closed", connection.id(), idle);
                        metrics.closed(GatewayMetrics.CLOSE_IDLE);
                    }
                })
                .then(Mono.never());

        Mono<Void> loginDeadline = Mono.delay(properties.loginTimeout())
                .doOnNext(tick -> {
                    if (connection.binding() == null && connection.closeNow(Connection.NO_LOGIN)) {
                        metrics.closed(GatewayMetrics.CLOSE_NO_LOGIN);
                    }
                })
                .then(Mono.never());

        return Mono.firstWithSignal(inbound, outbound, idleCheck, loginDeadline)
                .doFinally(signal -> {
                    open.decrementAndGet();
                    ticket.release();
                    SessionBinding bound = registry.unregister(connection);
                    log.debug("TCP connection {} ended ({})", connection.id(),
                            bound != null ? "user " + bound.userId() : "not logged in");
                    if (bound != null) {
                        publisher.publishConnectionClosed(connection.id(), bound).subscribe();
                    }
                });
    }

    /** A quarter of the idle limit, between 10 ms and 30 s: a silent connection is closed at most that late. */
    static Duration idleCheckInterval(Duration idle) {
        return Duration.ofMillis(Math.max(10, Math.min(30_000, idle.toMillis() / 4)));
    }

    /** A line over the limit: the client is told why, then closed (its bytes are discarded meanwhile). */
    private void lineTooLong(Connection connection) {
        String message = "Line too long (max " + properties.maxFrameBytes()
                + " bytes): send one JSON request per line, each within the limit.";
        connection.send(ProtocolJson.writeBytes(new Response(null, null, Result.FAIL, null, message, null, null)));
        if (connection.closeAfterPending(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Line too long"))) {
            log.debug("TCP connection {}: line over {} bytes, closing", connection.id(), properties.maxFrameBytes());
            metrics.closed(GatewayMetrics.CLOSE_FRAME_TOO_LARGE);
        }
    }

    /**
     * Everything queued was written: no more output (FIN after the last line), then read and discard until the
     * client closes (the inbound strand ends first) or the close timeout passes.
     */
    private Mono<Void> linger(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
        }
        return Mono.delay(properties.closeTimeout()).then();
    }

    private static Mono<Void> refuse(NettyOutbound out, String message) {
        byte[] line = lineOf(ProtocolJson.writeBytes(new Response(null, null, Result.FAIL, null, message, null, null)));
        return out.sendByteArray(Mono.just(line)).then();
    }

    private static byte[] lineOf(byte[] json) {
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    private static InetAddress addressOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /**
     * Writes the connection's items, at most {@link #WRITES_IN_FLIGHT} not yet completed: the next is asked for
     * when a write completed, which bounds what sits in Netty's buffer and lets the connection's queue fill (and
     * close a client that does not read). Writes are flushed together, once per run of the event loop, not one
     * system call per line: a client that pipelines requests gets its answers at the speed of the WebSocket door.
     * A {@link TcpWire.Receipt} is settled when every write before it completed (writes complete in order, so
     * when the last one before it did), and confirmed if the socket is still open a receipt delay later. A failed write ends the writing; what was not confirmed stays unconfirmed.
     * Runs on the socket's event loop only (items are handed over there), so its state needs no locks.
     */
    private static final class Writer extends BaseSubscriber<Object> {

        /** Writes handed to Netty and not yet completed, per connection (16 lines of at most a frame each). */
        static final int WRITES_IN_FLIGHT = 16;

        private final Channel channel;
        private final Connection connection;
        private final Duration receiptDelay;
        private final Sinks.Empty<Void> done;
        private boolean flushScheduled;
        private int inFlight;
        /** The last write handed to Netty (null before the first): a receipt waits for it. */
        private ChannelFuture lastWrite;

        Writer(Channel channel, Connection connection, Duration receiptDelay, Sinks.Empty<Void> done) {
            this.channel = channel;
            this.connection = connection;
            this.receiptDelay = receiptDelay;
            this.done = done;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(WRITES_IN_FLIGHT);
        }

        @Override
        protected void hookOnNext(Object item) {
            if (item instanceof TcpWire.Receipt receipt) {
                ChannelFuture before = lastWrite;
                if (before == null) {
                    settle(receipt);
                } else {
                    before.addListener(future -> {
                        if (future.isSuccess()) {
                            settle(receipt);
                        }
                    });
                }
                request(1);
                return;
            }
            ChannelFuture write = channel.write(item);
            lastWrite = write;
            inFlight++;
            write.addListener(future -> {
                inFlight--;
                if (future.isSuccess()) {
                    request(1);
                } else {
                    log.debug("TCP connection {}: write failed: {}", connection.id(), String.valueOf(future.cause()));
                    cancel();
                    channel.close();
                }
            });
            if (inFlight >= WRITES_IN_FLIGHT) {
                // the window is full: nothing more is asked for until a write completes, which needs a flush now
                // (the event loop may be busy handling the lines of one read for a while)
                channel.flush();
            } else if (!flushScheduled) {
                // once, after the writes of this run of the event loop
                flushScheduled = true;
                channel.eventLoop().execute(() -> {
                    flushScheduled = false;
                    channel.flush();
                });
            }
        }

        /**
         * Everything before the receipt was written: it is confirmed if the socket is still open
         * {@code receipt-delay} later. A completed write only put the bytes in this machine's send buffer; a
         * client that closes (or crashes, and its machine resets the connection) with them unread loses them, and
         * its next login must send them again: twice rather than never.
         */
        private void settle(TcpWire.Receipt receipt) {
            if (receiptDelay.isZero()) {
                connection.confirmReceipt(receipt.number());
                return;
            }
            channel.eventLoop().schedule(() -> {
                if (channel.isActive()) {
                    connection.confirmReceipt(receipt.number());
                }
            }, receiptDelay.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        protected void hookFinally(SignalType type) {
            // done once the last write completed (or failed): the close that follows must not cut it off
            ChannelFuture last = lastWrite;
            if (last == null) {
                done.tryEmitEmpty();
            } else {
                last.addListener(future -> done.tryEmitEmpty());
            }
        }
    }

    /**
     * Makes each line a frame as the decoder cuts it, stamped with its arrival: the lines of one read reach the
     * gate one after the other, and are charged to the request budget at the time they came in (see
     * {@link InboundFrame}). The text is copied out and the buffer released here.
     */
    private static final class LineArrival extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof ByteBuf line) {
                try {
                    ctx.fireChannelRead(InboundFrame.text(line.toString(StandardCharsets.UTF_8)));
                } finally {
                    line.release();
                }
            } else {
                ctx.fireChannelRead(message);
            }
        }
    }

    /** Turns the decoder's "line too long" into an item of the inbound stream, in order with the lines. */
    private static final class LineTooLong extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                ctx.fireChannelRead(LINE_TOO_LONG);
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
