package dev.llmg.internal.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Keeps Armeria from inviting a body it will refuse: it answers {@code Expect: 100-continue} with
 * {@code 100 Continue} before it compares the announced Content-Length with {@code server.max_request_length}.
 *
 * <p>For a request whose announced body is over the limit, this handler (between the HTTP/1.1 codec and
 * Armeria's decoder) drops the expectation, so Armeria goes straight to its early refusal: a 413 in the
 * surface's error shape, sent before the client uploads anything, then the connection closes.
 */
final class ExpectContinueLimit extends ChannelInboundHandlerAdapter {

    private final long maxRequestLength;

    ExpectContinueLimit(long maxRequestLength) {
        this.maxRequestLength = maxRequestLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            final HttpRequest request = (HttpRequest) msg;
            if (HttpUtil.is100ContinueExpected(request)
                && HttpUtil.getContentLength(request, -1L) > maxRequestLength) {
                request.headers().remove(HttpHeaderNames.EXPECT);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
