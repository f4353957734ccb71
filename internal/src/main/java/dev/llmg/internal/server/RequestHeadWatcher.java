package dev.llmg.internal.server;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Tells {@link RequestHeadTimeout} what the HTTP/1.1 codec decoded: a whole request head, or the end of a
 * request, after which the next byte starts a new head.
 */
final class RequestHeadWatcher extends ChannelInboundHandlerAdapter {

    private final RequestHeadTimeout timeout;

    RequestHeadWatcher(RequestHeadTimeout timeout) {
        this.timeout = requireNonNull(timeout, "timeout");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            timeout.headReceived();
        }
        if (msg instanceof LastHttpContent) {
            timeout.requestEnded();
        }
        ctx.fireChannelRead(msg);
    }
}
