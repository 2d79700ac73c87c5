package dev.aurorajdbc.testcluster.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking echo server for the proxy tests: one thread per connection (small stacks), with counters the tests
 * assert on and a way to close or write on the server side of every connection, as a database server would.
 */
final class EchoServer implements AutoCloseable {
    private static final long STACK_SIZE = 128 * 1024;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger endedByPeer = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile boolean closed;

    EchoServer(String host) {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(host, 0), 2048);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the echo server on " + host, e);
        }
        acceptor = new Thread(null, this::acceptLoop, "echo-accept-" + server.getLocalPort(), STACK_SIZE);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections whose client side (the proxy) closed or reset them. */
    int endedByPeer() {
        return endedByPeer.get();
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    /** Writes unsolicited bytes on the server side of every open connection. */
    void sendToAll(byte[] bytes) throws IOException {
        for (Socket s : sockets) {
            s.getOutputStream().write(bytes);
        }
    }

    /** Closes the server side of every connection (FIN), as a server that is shut down does. */
    void closeConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            sockets.add(s);
            Thread t = new Thread(null, () -> echo(s), "echo-conn-" + s.getPort(), STACK_SIZE);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void echo(Socket s) {
        byte[] buffer = new byte[16 * 1024];
        try (s) {
            InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytesReceived.addAndGet(n);
                s.getOutputStream().write(buffer, 0, n);
            }
            endedByPeer.incrementAndGet();
        } catch (IOException e) {
            if (!s.isClosed()) {
                endedByPeer.incrementAndGet(); // reset by the peer, not closed by us
            }
        } finally {
            sockets.remove(s);
        }
    }

    /** Closes the listener and every connection, and waits (bounded) for the server's threads to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        closeConnections();
        try {
            acceptor.join(5_000);
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing more to do
        }
    }
}
