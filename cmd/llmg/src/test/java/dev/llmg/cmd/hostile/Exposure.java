package dev.llmg.cmd.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.MediaType;

/**
 * Everything a caller received from one call, in every form a secret could hide in: each header and trailer as
 * sent, {@code -bin} headers base64-decoded (gRPC status details are protobuf in base64),
 * {@code grpc-message} percent-decoded, the body, a gRPC-Web-text body base64-decoded, and the trailers inside
 * a gRPC-Web body.
 */
final class Exposure {

    private final List<Map.Entry<String, String>> views = new ArrayList<>();

    /** Returns the views of a whole HTTP answer. */
    static Exposure of(AggregatedHttpResponse response) {
        final Exposure exposure = new Exposure();
        exposure.addHeaders("header", response.headers());
        exposure.addHeaders("trailer", response.trailers());
        exposure.add("body", response.contentUtf8());
        final MediaType type = response.contentType();
        if (type != null && type.subtype().startsWith("grpc-web")) {
            final byte[] frames = type.subtype().startsWith("grpc-web-text")
                                  ? GrpcFrames.decodeText(response.contentUtf8()) : response.content().array();
            exposure.add("body (gRPC-Web frames, decoded)", new String(frames, StandardCharsets.ISO_8859_1));
            GrpcFrames.parse(frames).trailers().forEach((name, value) -> exposure.addHeader("gRPC-Web trailer", name, value));
        }
        return exposure;
    }

    /** Adds a view, e.g. one WebSocket message. */
    Exposure add(String label, String text) {
        views.add(Map.entry(label, text));
        return this;
    }

    /** Returns where each of {@code secrets} (or its first 16 characters) shows; empty when none does. */
    List<String> find(List<String> secrets) {
        final List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            final String prefix = secret.substring(0, Math.min(16, secret.length()));
            for (Map.Entry<String, String> view : views) {
                final int at = view.getValue().indexOf(prefix);
                if (at >= 0) {
                    final int times = view.getValue().split(java.util.regex.Pattern.quote(prefix), -1).length - 1;
                    found.add("the key " + prefix + "... shows " + (times == 1 ? "once" : times + " times")
                              + " in the " + view.getKey() + ", first: "
                              + Reply.excerpt(view.getValue().substring(Math.max(0, at - 60)), 160));
                }
            }
        }
        return found;
    }

    private void addHeaders(String kind, HttpHeaders headers) {
        headers.forEach((name, value) -> addHeader(kind, name.toString(), value));
    }

    private void addHeader(String kind, String name, String value) {
        add(kind + ' ' + name, value);
        if (name.endsWith("-bin")) {
            try {
                add(kind + ' ' + name + " (base64-decoded)",
                    new String(Base64.getDecoder().decode(value.trim()), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                add(kind + ' ' + name + " (not base64)", value);
            }
        }
        if (name.equals("grpc-message")) {
            add(kind + ' ' + name + " (percent-decoded)", GrpcFrames.decodeMessage(value));
        }
    }
}
