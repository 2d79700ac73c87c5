package dev.aurorajdbc.testcluster.proxy;

import java.net.InetSocketAddress;

/**
 * A TCP proxy in front of one node: clients connect to {@code listen}, the proxy forwards to {@code upstream}.
 * It injects network faults without privileges: {@link #cut()} (a black hole: nothing is forwarded, sockets stay
 * open, new connections are accepted but never answered), {@link #heal()} (forwarding resumes, held bytes are
 * delivered), {@link #reset()} (every client connection is reset with RST).
 *
 * <p>STUB: the real implementation is being written.
 */
public final class FaultProxy implements AutoCloseable {
    private final String name;
    private final InetSocketAddress listen;
    private final InetSocketAddress upstream;

    public FaultProxy(String name, InetSocketAddress listen, InetSocketAddress upstream) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
    }

    /** Binds the listening socket and starts accepting. @throws java.io.UncheckedIOException when the address is taken */
    public void start() {
        throw new UnsupportedOperationException("stub");
    }

    /** Stops forwarding in both directions on every connection, present and future; nothing is closed. */
    public void cut() {
        throw new UnsupportedOperationException("stub");
    }

    /** Resumes forwarding; bytes held during the cut are delivered. */
    public void heal() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isCut() {
        return false;
    }

    /** Resets (RST) every current client connection and closes its upstream side; new connections are accepted as usual. */
    public void reset() {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Turns every current connection into a black hole for good: nothing more is forwarded, and when the upstream
     * side closes the client side is left open and silent until the client closes it. Used when a hung server is
     * fenced (killed): its clients must keep hanging, as they would on a real host that stopped answering.
     */
    public void silenceExisting() {
        throw new UnsupportedOperationException("stub");
    }

    /** The number of open client connections. */
    public int connectionCount() {
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " " + listen + " -> " + upstream + "]";
    }
}
