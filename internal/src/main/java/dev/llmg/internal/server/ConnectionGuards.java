package dev.llmg.internal.server;

import java.util.Map;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;

/**
 * Adds llmg's guards against slow and oversized HTTP/1.1 requests ({@link RequestHeadTimeout},
 * {@link ExpectContinueLimit}) to each new connection's Netty pipeline, through Armeria's
 * {@code childChannelPipelineCustomizer}.
 *
 * <p>Armeria builds a connection's HTTP/1.1 codec only once the first 4 bytes tell it HTTP/1.1 from HTTP/2,
 * and then parses the first request in the same step. So the installer, at the front of the pipeline, hands
 * Armeria those 4 bytes alone, puts the guards between the codec it built and Armeria's decoder, then passes
 * the rest on and leaves. HTTP/2 connections (prior knowledge) get no guards: their headers arrive in frames
 * that Netty's HTTP/2 codec bounds. If Armeria's pipeline ever looks different, the guards stay out and the
 * connection works as before.
 */
final class ConnectionGuards implements Consumer<ChannelPipeline> {

    /** The bytes Armeria reads to tell the HTTP/2 preface ("PRI ") from an HTTP/1.1 request line. */
    private static final int PROTOCOL_CHOICE_BYTES = 4;

    private final long requestHeaderTimeoutNanos;
    private final long maxRequestLength;

    /**
     * Creates guards with the given head timeout and body limit, each disabled when 0.
     */
    ConnectionGuards(long requestHeaderTimeoutNanos, long maxRequestLength) {
        this.requestHeaderTimeoutNanos = requestHeaderTimeoutNanos;
        this.maxRequestLength = maxRequestLength;
    }

    @Override
    public void accept(ChannelPipeline pipeline) {
        final RequestHeadTimeout timeout = requestHeaderTimeoutNanos > 0
                                           ? new RequestHeadTimeout(requestHeaderTimeoutNanos) : null;
        if (timeout != null) {
            pipeline.addFirst(timeout);
        }
        if (timeout != null || maxRequestLength > 0) {
            pipeline.addFirst(new Installer(timeout));
        }
    }

    /** Waits for Armeria's protocol choice, then places the guards behind the HTTP/1.1 codec. */
    private final class Installer extends ChannelInboundHandlerAdapter {

        private final RequestHeadTimeout timeout;
        private int seen;

        Installer(RequestHeadTimeout timeout) {
            this.timeout = timeout;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf)) {
                ctx.fireChannelRead(msg);
                return;
            }
            final ByteBuf bytes = (ByteBuf) msg;
            if (seen < PROTOCOL_CHOICE_BYTES && bytes.isReadable()) {
                final int first = Math.min(PROTOCOL_CHOICE_BYTES - seen, bytes.readableBytes());
                seen += first;
                ctx.fireChannelRead(bytes.readRetainedSlice(first));
                if (seen == PROTOCOL_CHOICE_BYTES) {
                    install(ctx.pipeline());
                }
            }
            if (bytes.isReadable()) {
                ctx.fireChannelRead(bytes);
            } else {
                bytes.release();
            }
            if (seen == PROTOCOL_CHOICE_BYTES && ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
            }
        }

        private void install(ChannelPipeline pipeline) {
            final ChannelHandlerContext upgrade = http1UpgradeHandler(pipeline);
            if (upgrade == null) {
                // HTTP/2 from the first byte: nothing here parses HTTP/1.1 heads.
                if (timeout != null) {
                    pipeline.remove(timeout);
                }
                return;
            }
            if (maxRequestLength > 0) {
                pipeline.addAfter(upgrade.name(), null, new ExpectContinueLimit(maxRequestLength));
            }
            if (timeout != null) {
                pipeline.addAfter(upgrade.name(), null, new RequestHeadWatcher(timeout));
                timeout.watch(upgrade);
            }
        }

        /**
         * Returns the handler Armeria puts just before its HTTP/1.1 decoder. Found by its simple name:
         * Armeria 1.36 uses a package-private fork of Netty's {@code HttpServerUpgradeHandler}.
         */
        private ChannelHandlerContext http1UpgradeHandler(ChannelPipeline pipeline) {
            for (Map.Entry<String, ChannelHandler> handler : pipeline) {
                if (handler.getValue().getClass().getSimpleName().equals("HttpServerUpgradeHandler")) {
                    return pipeline.context(handler.getValue());
                }
            }
            return null;
        }
    }
}
