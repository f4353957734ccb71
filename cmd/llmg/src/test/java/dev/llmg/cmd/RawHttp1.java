package dev.llmg.cmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-written HTTP/1.1 client over a plain socket, for the requests no real client sends: malformed
 * request lines, oversized heads, unknown methods, heads sent a byte at a time.
 */
final class RawHttp1 implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    /** Opens a connection to the gateway on {@code port}. */
    RawHttp1(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    /** Sends {@code text} (ISO-8859-1) and reads one whole response. */
    static Response exchange(int port, String text) throws IOException {
        try (RawHttp1 connection = new RawHttp1(port)) {
            connection.send(text);
            return connection.read();
        }
    }

    /** Sends {@code text} as it is. */
    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one response: status line, headers and a body of its content-length. */
    Response read() throws IOException {
        final String statusLine = line();
        final Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            final int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        final int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                            new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** Returns whether the server closed the connection within {@code wait}, ignoring anything it sent. */
    boolean closedWithin(Duration wait) throws IOException {
        final long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    private String line() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after: " + bytes);
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One HTTP/1.1 response. */
    record Response(int status, Map<String, String> headers, String body) {}
}
