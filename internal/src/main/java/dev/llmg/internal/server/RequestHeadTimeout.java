package dev.llmg.internal.server;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes an HTTP/1.1 connection whose client takes longer than {@code server.request_header_timeout} to send
 * a request's line and headers, counted from the connection's opening or from the first byte of a request.
 *
 * <p>Armeria has no such timeout: its idle timeout restarts on every byte received, so a client sending a
 * header byte every few seconds (slowloris) held a connection for ever. This handler sits in front of the
 * HTTP codec, where it sees the bytes arrive; {@link RequestHeadWatcher}, behind the codec, tells it when a
 * head is complete and when a request ended. Bodies, and responses however long (streams), are not timed
 * here; a connection upgraded to a WebSocket or to HTTP/2 (Armeria then removes its HTTP/1.1 upgrade handler)
 * is never timed again.
 */
final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private enum State { BETWEEN_REQUESTS, READING_HEAD, READING_REST, OFF }

    private final long timeoutNanos;
    private State state = State.BETWEEN_REQUESTS;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;
    /** Armeria's HTTP/1.1 upgrade handler, which leaves the pipeline when the connection switches protocols. */
    private ChannelHandlerContext http1;

    RequestHeadTimeout(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // A new connection must bring its first head in time too, or silent connections would pile up.
        startHead();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.BETWEEN_REQUESTS && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
            startHead();
        }
        ctx.fireChannelRead(msg);
    }

    /** Starts watching the HTTP/1.1 handler whose removal means the connection switched protocols. */
    void watch(ChannelHandlerContext http1) {
        this.http1 = http1;
    }

    /** Stops timing: the request's head arrived whole. */
    void headReceived() {
        if (state != State.OFF) {
            cancelTimer();
            state = State.READING_REST;
        }
    }

    /** Notes that the request's body ended: the next byte starts a new head. */
    void requestEnded() {
        if (state == State.READING_REST) {
            state = State.BETWEEN_REQUESTS;
        }
    }

    /** Stops timing this connection for good: it now speaks another protocol (WebSocket, HTTP/2). */
    void stop() {
        cancelTimer();
        state = State.OFF;
    }

    private void startHead() {
        if (switchedProtocols()) {
            stop();
        }
        if (state == State.OFF || timer != null) {
            return;
        }
        state = State.READING_HEAD;
        timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        if (switchedProtocols()) {
            stop(); // an h2c upgrade request never reaches the watcher as a head
            return;
        }
        if (state == State.READING_HEAD) {
            logger.debug("{} Closing a connection whose request head did not arrive within {} ms",
                         ctx.channel(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            state = State.OFF;
            ctx.close();
        }
    }

    private boolean switchedProtocols() {
        return http1 != null && http1.isRemoved();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
