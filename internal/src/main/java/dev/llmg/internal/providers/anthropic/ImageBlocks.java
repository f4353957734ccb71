package dev.llmg.internal.providers.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.spi.GatewayException;

/** Turns an image URL (https or {@code data:...;base64,}) into an Anthropic {@code image} block. */
final class ImageBlocks {

    private ImageBlocks() {}

    /** Builds the block, or reports a data URL that is not base64 as the caller's mistake. */
    static ObjectNode of(String url, String path) {
        final ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "image");
        if (url.startsWith("data:")) {
            final int comma = url.indexOf(',');
            final String meta = comma < 0 ? "" : url.substring(5, comma);
            if (!meta.endsWith(";base64")) {
                throw GatewayException.invalidArgument(path + ".image_url.url",
                                                       "an image data URL must be data:<type>;base64,<data>");
            }
            block.putObject("source").put("type", "base64")
                 .put("media_type", meta.substring(0, meta.length() - ";base64".length()))
                 .put("data", url.substring(comma + 1));
        } else {
            block.putObject("source").put("type", "url").put("url", url);
        }
        return block;
    }
}
