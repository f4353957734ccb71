package dev.llmg.internal.api.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerListenerAdapter;

/**
 * Keeps the WebSockets that are open (the chat's, GraphQL's), and tells each one to go away when the server
 * starts stopping.
 *
 * <p>Armeria's graceful shutdown waits for requests in flight, and an open WebSocket is one for as long as
 * it stays open: an idle socket would hold the shutdown for its whole timeout and then be dropped without
 * a close frame. Told at {@code serverStopping}, idle sockets close with 1001 (going away) at once and busy
 * ones once their streams ended, and clients learn to reconnect elsewhere.
 */
public final class OpenSockets extends ServerListenerAdapter {

    /** A socket that can be told the server is stopping. */
    public interface Socket {
        /** Closes the socket with 1001 (going away), at once when idle, else once its streams in flight ended. */
        void goAway();
    }

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Adds a socket until {@code ended} runs; one opened while the server stops goes away at once. */
    public Runnable add(Socket socket) {
        sockets.add(socket);
        if (stopping) {
            socket.goAway(); // the stop began while it was being added: it may have missed the call below
        }
        return () -> sockets.remove(socket);
    }

    @Override
    public void serverStopping(Server server) {
        stopping = true;
        sockets.forEach(Socket::goAway);
    }
}
