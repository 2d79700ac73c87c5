package dev.aurorajdbc.testcluster.proxy;

import dev.aurorajdbc.testcluster.TestClusterException;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy in front of one node: clients connect to {@code listen}, the proxy forwards to {@code upstream}.
 * It injects network faults without privileges: {@link #cut()} (a black hole: nothing is forwarded, sockets stay
 * open, new connections are accepted but never answered), {@link #heal()} (forwarding resumes, held bytes are
 * delivered), {@link #reset()} (every client connection is reset with RST), {@link #silenceExisting()} (the current
 * connections hang for good, as on a host that stopped answering).
 *
 * <p>Without a fault the proxy is transparent: bytes are forwarded as they arrive, with {@code TCP_NODELAY} on both
 * sides; when the upstream closes a connection the client sees the end (FIN, or RST when the upstream reset it, refused
 * to connect or did not accept within 30 s); when the client closes, what it sent is forwarded and the upstream side is
 * closed (a FIN ends the whole connection: database protocols do not half-close).
 *
 * <h2>Design</h2>
 * One thread per proxy, named {@code aurora-proxy-<name>}, runs a {@link Selector} over the listening socket and
 * every connection (non-blocking channels), whatever the number of connections. Every connection has one direct
 * buffer per direction, allocated when it is accepted; nothing is allocated or logged per read. The fault semantics
 * are what decided against two blocking threads per connection: while a connection is cut the proxy must keep
 * reading (to hold bytes and to notice a client that closes) and must deliver the held bytes the moment
 * {@link #heal()} is called; a thread blocked in {@code read()} can do neither without a poll timeout, whereas the
 * selector simply changes a connection's interest set.
 *
 * <p>All connection state is confined to that thread. The fault methods may be called from any thread while traffic
 * flows: each hands a task to the proxy thread and returns once the task ran (bounded wait), so after
 * {@link #cut()} returns nothing more is forwarded, and after {@link #reset()} returns every client connection that
 * existed has been reset.
 *
 * <p>Bytes held during a cut: up to {@value #BUFFER_SIZE} bytes per direction and connection are read and kept by
 * the proxy; beyond that the proxy stops reading and the rest waits in the kernel's socket buffers (TCP flow control
 * then stalls the sender, as during a real partition). A client that closes during a cut is noticed, and its
 * upstream closed, as long as it did not send more than that during the cut.
 */
public final class FaultProxy implements AutoCloseable {
    /** Size of the buffer of each direction of each connection; also what is held per direction during a cut. */
    static final int BUFFER_SIZE = 16 * 1024;
    /** How long an upstream connection may take before the client is reset (a full backlog drops SYNs). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BACKLOG = 1024;
    private static final int MAX_ACCEPTS_PER_WAKEUP = 64;
    private static final int MAX_DRAIN_READS = 8;

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());

    private final String name;
    private final InetSocketAddress listen;
    private final InetSocketAddress upstream;
    private final Duration connectTimeout;
    private final String logPrefix;

    /** Guards start and close; never held during forwarding. */
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<FutureTask<Void>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger openClients = new AtomicInteger();
    /** Client connections accepted since the start. */
    private final AtomicLong acceptedClients = new AtomicLong();
    private final Consumer<SelectionKey> onReady = this::onReady;

    private volatile Selector selector;
    private volatile Thread loopThread;
    private volatile boolean closing;
    private volatile boolean loopExited;
    private volatile InetSocketAddress boundAddress;
    /** Written by the proxy thread only (or by the caller when no proxy thread runs); read by anyone. */
    private volatile boolean cut;

    // Confined to the proxy thread.
    private ServerSocketChannel serverChannel;
    private SelectionKey acceptKey;
    private long acceptResumeAt;
    private boolean acceptPaused;
    private final Set<Connection> connections = new HashSet<>();
    /** Connections waiting for their upstream connect, in deadline order (the timeout is the same for all). */
    private final ArrayDeque<Connection> connecting = new ArrayDeque<>();

    /**
     * Creates a proxy; nothing is bound until {@link #start()}.
     *
     * @param name     a short name used in the thread name and in log lines, such as {@code "c1/node-21"}
     * @param listen   the public address clients connect to
     * @param upstream the server's own address
     */
    public FaultProxy(String name, InetSocketAddress listen, InetSocketAddress upstream) {
        this(name, listen, upstream, CONNECT_TIMEOUT);
    }

    /** As the public constructor, with another bound for upstream connects (tests). */
    FaultProxy(String name, InetSocketAddress listen, InetSocketAddress upstream, Duration connectTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.listen = Objects.requireNonNull(listen, "listen");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        this.logPrefix = "[" + name + "] ";
    }

    /**
     * Binds the listening socket and starts accepting.
     *
     * @throws java.io.UncheckedIOException when the address is taken
     * @throws IllegalStateException        when the proxy was already started or closed
     */
    public void start() {
        lifecycleLock.lock();
        try {
            if (closing) {
                throw new IllegalStateException(this + " is closed");
            }
            if (loopThread != null) {
                throw new IllegalStateException(this + " is already started");
            }
            Selector sel = null;
            ServerSocketChannel server = null;
            try {
                sel = Selector.open();
                server = ServerSocketChannel.open();
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(listen, BACKLOG);
                server.configureBlocking(false);
                acceptKey = server.register(sel, SelectionKey.OP_ACCEPT, null);
                boundAddress = (InetSocketAddress) server.getLocalAddress();
            } catch (IOException e) {
                closeQuietly(server);
                closeQuietly(sel);
                throw new UncheckedIOException(logPrefix + "cannot listen on " + listen + ": " + e.getMessage(), e);
            }
            selector = sel;
            serverChannel = server;
            Thread thread = new Thread(this::runLoop, "aurora-proxy-" + name);
            thread.setDaemon(true);
            loopThread = thread;
            thread.start();
            LOG.info(() -> logPrefix + "proxy listening on " + format(boundAddress) + ", forwarding to " + format(upstream)
                    + (cut ? " (cut)" : ""));
        } finally {
            lifecycleLock.unlock();
        }
    }

    /**
     * Stops forwarding in both directions on every connection, present and future; nothing is closed. Bytes read
     * during the cut are held and delivered by {@link #heal()}. New connections are accepted but not connected
     * upstream until the heal. A client that closes during the cut is honoured: its upstream side is closed.
     */
    public void cut() {
        control("cut", this::applyCut);
    }

    /** Resumes forwarding; bytes held during the cut are delivered and pending new connections connect upstream. */
    public void heal() {
        control("heal", this::applyHeal);
    }

    /** Whether the proxy is cut (between {@link #cut()} and {@link #heal()}). */
    public boolean isCut() {
        return cut;
    }

    /** Resets (RST) every current client connection and closes its upstream side; new connections are accepted as usual. */
    public void reset() {
        control("reset", this::applyReset);
    }

    /**
     * Turns every current connection into a black hole for good: nothing more is forwarded, and when the upstream
     * side closes the client side is left open and silent until the client closes it. Used when a hung server is
     * fenced (killed): its clients must keep hanging, as they would on a real host that stopped answering. New
     * connections are not affected.
     */
    public void silenceExisting() {
        control("silence", this::applySilence);
    }

    /** The number of open client connections (including held, pending and silenced ones). */
    public int connectionCount() {
        return openClients.get();
    }

    /** The client connections accepted since the start, closed ones included. */
    public long acceptedCount() {
        return acceptedClients.get();
    }

    /** The address the proxy listens on, with the actual port when {@code listen} asked for port 0; null before start. */
    InetSocketAddress localAddress() {
        return boundAddress;
    }

    /**
     * Stops accepting, closes every connection (clients see the connection end) and ends the proxy thread.
     * Idempotent.
     *
     * @throws TestClusterException when the proxy thread does not end within its bound
     */
    @Override
    public void close() {
        Thread thread;
        lifecycleLock.lock();
        try {
            if (!closing) {
                closing = true;
                if (loopThread != null) {
                    LOG.info(() -> logPrefix + "proxy closing, " + openClients.get() + " client connection(s) open");
                }
            }
            thread = loopThread;
            Selector sel = selector;
            if (sel != null) {
                sel.wakeup();
            }
        } finally {
            lifecycleLock.unlock();
        }
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            throw new TestClusterException(logPrefix + "proxy thread " + thread.getName() + " did not end within "
                    + CLOSE_TIMEOUT.toSeconds() + " s of close()");
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " " + listen + " -> " + upstream + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Control: hand a task to the proxy thread and wait until it ran.

    private void control(String what, Runnable action) {
        Thread thread = loopThread;
        if (thread == Thread.currentThread()) {
            action.run();
            return;
        }
        if (thread == null || loopExited) {
            // No proxy thread (not started, or ended): there are no connections, only the flags to set.
            lifecycleLock.lock();
            try {
                if (loopThread == null || loopExited) {
                    action.run();
                    return;
                }
            } finally {
                lifecycleLock.unlock();
            }
        }
        FutureTask<Void> task = new FutureTask<>(action, null);
        tasks.add(task);
        selector.wakeup();
        if (loopExited) {
            runTasks(); // the thread ended after our check: its last drain may have missed the task
        }
        try {
            task.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException(logPrefix + "interrupted while waiting for the proxy to " + what, e);
        } catch (ExecutionException e) {
            throw new TestClusterException(logPrefix + "proxy failed to " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TestClusterException(logPrefix + "proxy thread did not " + what + " within "
                    + CONTROL_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private void runTasks() {
        FutureTask<Void> task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void applyCut() {
        cut = true;
        for (Connection c : connections) {
            updateInterest(c);
        }
        LOG.info(() -> logPrefix + "cut: holding " + connections.size() + " connection(s)");
    }

    private void applyHeal() {
        cut = false;
        int n = connections.size();
        for (Connection c : new ArrayList<>(connections)) {
            if (c.closed) {
                continue;
            }
            if (c.phase == Phase.PENDING && !c.silenced) {
                startConnect(c);
            }
            settle(c);
        }
        LOG.info(() -> logPrefix + "healed: " + n + " connection(s) resume");
    }

    private void applyReset() {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection c : all) {
            closeConnection(c, true);
        }
        flushClosedChannels();
        LOG.info(() -> logPrefix + "reset " + all.size() + " client connection(s)");
    }

    private void applySilence() {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection c : all) {
            if (c.closed) {
                continue;
            }
            if (c.clientEof) { // the client is gone already: nothing left to keep hanging
                closeConnection(c, false);
                continue;
            }
            c.silenced = true;
            c.toUpstream.clear();
            c.toClient.clear();
            if (c.phase != Phase.OPEN) { // never connect upstream now
                closeUpstream(c);
                c.phase = Phase.PENDING;
            }
            updateInterest(c);
        }
        LOG.info(() -> logPrefix + "silenced " + all.size() + " connection(s) for good");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The proxy thread.

    private void runLoop() {
        try {
            while (!closing) {
                runTasks();
                expireDeadlines();
                if (closing) {
                    break;
                }
                selector.select(onReady, selectTimeoutMillis());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, logPrefix + "proxy thread failed; closing every connection", e);
        } finally {
            shutdown();
            loopExited = true;
            runTasks();
        }
    }

    private long selectTimeoutMillis() {
        long next = Long.MAX_VALUE;
        Connection head = firstConnecting();
        if (head != null) {
            next = head.connectDeadline;
        }
        if (acceptPaused) {
            next = Math.min(next, acceptResumeAt);
        }
        if (next == Long.MAX_VALUE) {
            return 0; // no deadline: wait for an event or a wakeup
        }
        long nanos = next - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
    }

    private Connection firstConnecting() {
        Connection head;
        while ((head = connecting.peek()) != null && (head.closed || head.phase != Phase.CONNECTING)) {
            connecting.poll();
        }
        return head;
    }

    private void expireDeadlines() {
        long now = System.nanoTime();
        Connection head;
        while ((head = firstConnecting()) != null && now - head.connectDeadline >= 0) {
            connecting.poll();
            Connection late = head;
            LOG.warning(() -> logPrefix + "upstream " + format(upstream) + " did not accept a connection within "
                    + connectTimeout.toMillis() + " ms; resetting client " + late.clientAddress);
            closeConnection(head, true);
        }
        if (acceptPaused && now - acceptResumeAt >= 0) {
            acceptPaused = false;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key == acceptKey) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        if (c.closed) {
            return;
        }
        try {
            int ready = key.readyOps();
            if (key == c.clientKey) {
                if ((ready & SelectionKey.OP_READ) != 0) {
                    readClient(c);
                } else {
                    settle(c);
                }
            } else if ((ready & SelectionKey.OP_CONNECT) != 0) {
                finishConnect(c);
            } else if ((ready & SelectionKey.OP_READ) != 0) {
                readUpstream(c);
            } else {
                settle(c);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, logPrefix + "closing connection from " + c.clientAddress + " after an error", e);
            closeConnection(c, false);
        }
    }

    private void accept() {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                // Typically EMFILE: the listener stays readable, so back off instead of spinning.
                LOG.warning(() -> logPrefix + "accept failed (" + e.getMessage() + "); pausing accepts for "
                        + TimeUnit.NANOSECONDS.toMillis(ACCEPT_PAUSE_NANOS) + " ms");
                acceptPaused = true;
                acceptResumeAt = System.nanoTime() + ACCEPT_PAUSE_NANOS;
                acceptKey.interestOps(0);
                return;
            }
            if (channel == null) {
                return;
            }
            register(channel);
        }
    }

    private void register(SocketChannel channel) {
        Connection c;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c = new Connection(channel, String.valueOf(channel.getRemoteAddress()));
            c.clientKey = channel.register(selector, 0, c);
        } catch (IOException e) {
            LOG.fine(() -> logPrefix + "dropping a connection that failed while being accepted: " + e);
            closeQuietly(channel);
            return;
        }
        connections.add(c);
        openClients.incrementAndGet();
        acceptedClients.incrementAndGet();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(logPrefix + "accepted " + c.clientAddress + (cut ? " (held: the proxy is cut)" : ""));
        }
        if (cut) {
            c.phase = Phase.PENDING;
            updateInterest(c);
        } else {
            startConnect(c);
            settle(c);
        }
    }

    private void startConnect(Connection c) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.upstream = channel;
            c.upstreamKey = channel.register(selector, 0, c);
            if (channel.connect(upstream)) {
                c.phase = Phase.OPEN;
            } else {
                c.phase = Phase.CONNECTING;
                c.connectDeadline = System.nanoTime() + connectTimeout.toNanos();
                connecting.add(c);
            }
        } catch (IOException e) {
            upstreamRefused(c, e);
        }
    }

    private void finishConnect(Connection c) {
        try {
            if (!c.upstream.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            upstreamRefused(c, e);
            return;
        }
        c.phase = Phase.OPEN;
        settle(c);
    }

    private void upstreamRefused(Connection c, IOException e) {
        LOG.fine(() -> logPrefix + "upstream " + format(upstream) + " refused the connection of " + c.clientAddress
                + " (" + e.getMessage() + "); resetting the client");
        closeConnection(c, true);
    }

    private void readClient(Connection c) {
        int n;
        try {
            n = c.client.read(c.toUpstream);
        } catch (IOException e) {
            closeConnection(c, false); // the client reset the connection
            return;
        }
        if (n < 0) {
            if (cut || c.silenced || c.phase != Phase.OPEN || c.upstreamEnd != End.NONE) {
                closeConnection(c, false); // honoured at once; whatever was held for the upstream is dropped
                return;
            }
            c.clientEof = true; // forward what was read, then close
        } else if (c.silenced || c.upstreamEnd != End.NONE) {
            c.toUpstream.clear(); // nowhere to go
        }
        settle(c);
    }

    private void readUpstream(Connection c) {
        int n;
        try {
            n = c.upstream.read(c.toClient);
        } catch (IOException e) {
            upstreamEnded(c, End.RST);
            settle(c);
            return;
        }
        if (n < 0) {
            upstreamEnded(c, End.FIN);
        } else if (c.silenced) {
            c.toClient.clear();
        }
        settle(c);
    }

    private void upstreamEnded(Connection c, End end) {
        c.upstreamEnd = end;
        closeUpstream(c);
        c.toUpstream.clear();
        if (c.silenced) {
            c.toClient.clear();
        }
    }

    /**
     * Forwards what can be forwarded now, ends the connection when one side is done, and sets the interest sets.
     * Called after every event of the connection.
     */
    private void settle(Connection c) {
        if (c.closed) {
            return;
        }
        if (!cut && !c.silenced && c.phase == Phase.OPEN) {
            if (c.toUpstream.position() > 0 && c.upstreamEnd == End.NONE) {
                try {
                    writeFrom(c.upstream, c.toUpstream);
                } catch (IOException e) {
                    upstreamEnded(c, End.RST);
                }
            }
            if (c.toClient.position() > 0) {
                try {
                    writeFrom(c.client, c.toClient);
                } catch (IOException e) {
                    closeConnection(c, false); // the client is gone
                    return;
                }
            }
            if (c.upstreamEnd != End.NONE && c.toClient.position() == 0) {
                if (c.upstreamEnd == End.FIN) {
                    endClientGracefully(c);
                } else {
                    closeConnection(c, true);
                }
                return;
            }
            if (c.clientEof && c.toUpstream.position() == 0) {
                closeConnection(c, false);
                return;
            }
        }
        updateInterest(c);
    }

    /** Writes what the (fill-mode) buffer holds, as much as the socket takes now; keeps the rest. */
    private static void writeFrom(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        try {
            channel.write(buffer);
        } finally {
            buffer.compact();
        }
    }

    private static void setInterest(SelectionKey key, int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void updateInterest(Connection c) {
        if (c.closed) {
            return;
        }
        boolean forwarding = !cut && !c.silenced && c.phase == Phase.OPEN;
        int clientOps = 0;
        if (!c.clientEof && (c.silenced || c.upstreamEnd != End.NONE || c.toUpstream.hasRemaining())) {
            clientOps |= SelectionKey.OP_READ;
        }
        if (forwarding && c.toClient.position() > 0) {
            clientOps |= SelectionKey.OP_WRITE;
        }
        setInterest(c.clientKey, clientOps);
        if (c.upstreamKey != null && c.upstreamKey.isValid()) {
            int upstreamOps = 0;
            if (c.phase == Phase.CONNECTING) {
                upstreamOps = SelectionKey.OP_CONNECT;
            } else {
                if (c.silenced || c.toClient.hasRemaining()) {
                    upstreamOps |= SelectionKey.OP_READ;
                }
                if (forwarding && c.toUpstream.position() > 0) {
                    upstreamOps |= SelectionKey.OP_WRITE;
                }
            }
            setInterest(c.upstreamKey, upstreamOps);
        }
    }

    /**
     * The upstream closed and everything it sent was delivered: close the client with a FIN. Bytes the client sent
     * meanwhile are read and dropped first, since closing a socket with unread data makes the kernel send an RST.
     */
    private void endClientGracefully(Connection c) {
        c.toUpstream.clear();
        try {
            for (int i = 0; i < MAX_DRAIN_READS && c.client.read(c.toUpstream) > 0; i++) {
                c.toUpstream.clear();
            }
        } catch (IOException e) {
            // the client is gone as well
        }
        closeConnection(c, false);
    }

    private void closeUpstream(Connection c) {
        if (c.upstream != null) {
            closeQuietly(c.upstream);
            c.upstream = null;
            c.upstreamKey = null;
        }
    }

    /**
     * Closes both sides. With {@code resetClient} the client gets an RST (SO_LINGER 0), otherwise a FIN. The
     * descriptors are released when the selector next deregisters the cancelled keys, at once in this loop.
     */
    private void closeConnection(Connection c, boolean resetClient) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        connections.remove(c);
        if (resetClient) {
            try {
                c.client.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // closed already: nothing to reset
            }
        }
        closeQuietly(c.client);
        openClients.decrementAndGet();
        closeUpstream(c);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(logPrefix + (resetClient ? "reset " : "closed ") + c.clientAddress);
        }
    }

    /**
     * Lets the selector deregister the keys of the channels closed just now, which releases their descriptors (and
     * sends the RST of a zero-linger close) before the caller of a fault method gets control back. Events that are
     * ready meanwhile are handled as usual.
     */
    private void flushClosedChannels() {
        if (Thread.currentThread() != loopThread) {
            return; // no proxy thread: no connections either
        }
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void shutdown() {
        for (Connection c : new ArrayList<>(connections)) {
            closeConnection(c, false);
        }
        connecting.clear();
        closeQuietly(serverChannel);
        closeQuietly(selector); // deregisters every key, which closes the descriptors of the closed channels
        cut = false;
        LOG.info(() -> logPrefix + "proxy closed");
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    private static String format(InetSocketAddress address) {
        return address == null ? "?" : address.getHostString() + ":" + address.getPort();
    }

    // ---------------------------------------------------------------------------------------------------------

    private enum Phase {
        /** Accepted during a cut (or silenced before connecting): no upstream connection. */
        PENDING,
        /** Upstream connect in progress. */
        CONNECTING,
        /** Upstream connected (or connected once and since ended). */
        OPEN
    }

    private enum End {
        NONE, FIN, RST
    }

    /** One proxied connection; confined to the proxy thread. Both buffers are in fill mode (position = bytes held). */
    private static final class Connection {
        final SocketChannel client;
        final String clientAddress;
        final ByteBuffer toUpstream = ByteBuffer.allocateDirect(BUFFER_SIZE);
        final ByteBuffer toClient = ByteBuffer.allocateDirect(BUFFER_SIZE);
        SelectionKey clientKey;
        SocketChannel upstream;
        SelectionKey upstreamKey;
        Phase phase = Phase.PENDING;
        long connectDeadline;
        End upstreamEnd = End.NONE;
        boolean clientEof;
        boolean silenced;
        boolean closed;

        Connection(SocketChannel client, String clientAddress) {
            this.client = client;
            this.clientAddress = clientAddress;
        }
    }
}
