package dev.llmg.cmd.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

/**
 * Sends one HTTP/1.1 request over a plain socket, request target and all exactly as given: HTTP clients
 * (Armeria's among them) refuse to send targets such as {@code ?a=%zz}, {@code %00} or 200,000 characters,
 * and those are what a hostile caller sends.
 */
final class RawHttp {

    private RawHttp() {}

    /** Sends {@code GET target} and returns the answer, or null when it did not come within the timeout. */
    static AggregatedHttpResponse get(URI gateway, String target, int timeoutMillis) throws IOException {
        return send(gateway, "GET " + target, "", "", timeoutMillis);
    }

    /**
     * Sends {@code requestLine} (method and target), the extra header lines (each ending in CR LF) and the body,
     * and returns the answer, or null when it did not come within the timeout.
     */
    static AggregatedHttpResponse send(URI gateway, String requestLine, String headerLines, String body,
                                       int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            final OutputStream out = socket.getOutputStream();
            final byte[] content = body.getBytes(StandardCharsets.UTF_8);
            out.write((requestLine + " HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nConnection: close\r\n"
                       + headerLines + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "")
                       + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            try {
                return read(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }

    /**
     * Reads one answer: its head, then as many bytes as its content-length says, or chunks up to the last one,
     * or (with neither) up to the end of the connection.
     */
    private static AggregatedHttpResponse read(InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a whole answer: "
                                      + Reply.excerpt(head.toString(StandardCharsets.ISO_8859_1), 200));
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        final String text = head.toString(StandardCharsets.ISO_8859_1);
        final List<String> lines = List.of(text.substring(0, text.length() - 4).split("\r\n"));
        final ResponseHeadersBuilder headers =
                ResponseHeaders.builder(HttpStatus.valueOf(Integer.parseInt(lines.get(0).split(" ")[1])));
        boolean chunked = false;
        long length = -1;
        for (String line : lines.subList(1, lines.size())) {
            final int colon = line.indexOf(':');
            final String name = line.substring(0, colon).trim().toLowerCase();
            final String value = line.substring(colon + 1).trim();
            chunked |= name.equals("transfer-encoding") && value.contains("chunked");
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            }
            if (!name.equals("transfer-encoding") && !name.equals("connection")) {
                headers.add(name, value);
            }
        }
        final byte[] body;
        if (chunked) {
            body = dechunk(in);
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
        } else {
            body = in.readAllBytes();
        }
        return AggregatedHttpResponse.of(headers.build(), HttpData.wrap(body));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            final int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            line(in); // the CR LF after the chunk
        }
    }

    private static String line(InputStream in) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
