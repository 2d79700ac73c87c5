package dev.aurorajdbc.testcluster.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** {@link FaultProxy} against a real echo server, over real sockets on 127.0.43.x. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private static final String PROXY_HOST = "127.0.43.1";
    private static final String SERVER_HOST = "127.0.43.2";
    /** How long a read must stay unanswered to count as silence. */
    private static final int SILENCE_MILLIS = 300;
    /** Bound of every read that must succeed. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final List<Socket> clients = new ArrayList<>();
    /** Writers and readers that must run at the same time (the common pool may have a single thread). */
    private final ExecutorService io = Executors.newCachedThreadPool();
    private EchoServer echo;
    private FaultProxy proxy;
    private String proxyName;

    @BeforeEach
    void startProxy(TestInfo test) {
        echo = new EchoServer(SERVER_HOST);
        proxyName = "test-" + test.getTestMethod().orElseThrow().getName();
        proxy = new FaultProxy(proxyName, new InetSocketAddress(PROXY_HOST, 0), echo.address());
        proxy.start();
    }

    @AfterEach
    void stopProxy() throws Exception {
        for (Socket s : clients) {
            s.close();
        }
        proxy.close();
        echo.close();
        io.shutdownNow();
        assertThat(proxyThreads(proxyName)).as("threads of the proxy after close()").isEmpty();
    }

    @Test
    void echoesLargePayloadsInBothDirections() throws Exception {
        Socket s = connect();
        roundTrip(s, "hello");
        byte[] payload = randomBytes(8 * 1024 * 1024, 1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(s, payload), io);
        byte[] echoed = readExactly(s, payload.length);
        writer.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(echoed).isEqualTo(payload);
        assertThat(echo.bytesReceived()).isEqualTo(payload.length + 5);
        assertThat(proxy.connectionCount()).isEqualTo(1);
    }

    @Test
    void cutHoldsBytesInBothDirectionsAndHealDeliversThem() throws Exception {
        Socket s = connect();
        roundTrip(s, "before");
        long received = echo.bytesReceived();

        proxy.cut();
        assertThat(proxy.isCut()).isTrue();
        write(s, bytes("to-server"));
        echo.sendToAll(bytes("to-client"));
        assertSilent(s);
        assertThat(echo.bytesReceived()).as("bytes that reached the server during the cut").isEqualTo(received);
        assertThat(proxy.connectionCount()).isEqualTo(1);

        proxy.heal();
        assertThat(proxy.isCut()).isFalse();
        // The server's bytes were held by the proxy; the client's reach the server only now, and come back after.
        assertThat(text(readExactly(s, 18))).isEqualTo("to-clientto-server");
        roundTrip(s, "after");
    }

    @Test
    void newConnectionDuringCutGetsNoAnswerUntilHeal() throws Exception {
        proxy.cut();
        Socket s = connect();
        write(s, bytes("hello"));
        assertSilent(s);
        assertThat(echo.accepted()).as("upstream connections during the cut").isZero();
        assertThat(proxy.connectionCount()).isEqualTo(1);

        proxy.heal();
        assertThat(text(readExactly(s, 5))).isEqualTo("hello");
        assertThat(echo.accepted()).isEqualTo(1);
        roundTrip(s, "again");
    }

    @Test
    void clientCloseDuringCutClosesUpstream() throws Exception {
        Socket established = connect();
        roundTrip(established, "hello");
        proxy.cut();
        Socket pending = connect();
        write(pending, bytes("never forwarded"));
        await("the proxy to count both clients", () -> proxy.connectionCount() == 2);

        established.close();
        pending.close();
        await("the server to see the established connection closed", () -> echo.endedByPeer() == 1);
        await("the proxy to release both connections", () -> proxy.connectionCount() == 0);
        assertThat(echo.accepted()).isEqualTo(1);
        assertThat(echo.bytesReceived()).isEqualTo(5);
    }

    @Test
    void resetSendsRstToEveryClientAndNewConnectionsWork() throws Exception {
        Socket a = connect();
        Socket b = connect();
        roundTrip(a, "a");
        roundTrip(b, "b");

        proxy.reset();
        for (Socket s : List.of(a, b)) {
            assertThatThrownBy(() -> s.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
        await("the server to see both upstream sides closed", () -> echo.endedByPeer() == 2);
        assertThat(proxy.connectionCount()).isZero();

        Socket c = connect();
        roundTrip(c, "still works");
        assertThat(proxy.connectionCount()).isEqualTo(1);
    }

    @Test
    void upstreamCloseGivesClientEof() throws Exception {
        Socket s = connect();
        roundTrip(s, "hello");
        echo.closeConnections();
        assertThat(s.getInputStream().read()).as("read after the server closed").isEqualTo(-1);
        await("the proxy to release the connection", () -> proxy.connectionCount() == 0);
    }

    @Test
    void silencedConnectionKeepsHangingAfterUpstreamCloses() throws Exception {
        Socket silenced = connect();
        roundTrip(silenced, "hello");
        proxy.silenceExisting();
        Socket fresh = connect();
        roundTrip(fresh, "unaffected");
        long received = echo.bytesReceived();

        write(silenced, bytes("lost"));
        assertSilent(silenced);
        assertThat(echo.bytesReceived()).as("bytes forwarded from the silenced client").isEqualTo(received);

        echo.closeConnections();
        assertThat(fresh.getInputStream().read()).as("the fresh connection sees the server close").isEqualTo(-1);
        await("the proxy to release the fresh connection", () -> proxy.connectionCount() == 1);
        write(silenced, bytes("still accepted"));
        assertSilent(silenced); // neither EOF nor reset
        assertThat(proxy.connectionCount()).isEqualTo(1);

        silenced.close();
        await("the proxy to release the silenced connection", () -> proxy.connectionCount() == 0);
    }

    @Test
    void refusedUpstreamClosesTheClient() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(SERVER_HOST, 0));
            freePort = probe.getLocalPort();
        }
        try (FaultProxy refusing = new FaultProxy(proxyName + "-refused", new InetSocketAddress(PROXY_HOST, 0),
                new InetSocketAddress(SERVER_HOST, freePort))) {
            refusing.start();
            Socket s = track(new Socket());
            // The RST can be so quick that it already fails the client's connect (the kernel completed the handshake).
            assertThatThrownBy(() -> {
                s.connect(refusing.localAddress(), READ_TIMEOUT_MILLIS);
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                s.getInputStream().read();
            }).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
            await("the proxy to release the connection", () -> refusing.connectionCount() == 0);
        }
        assertThat(proxyThreads(proxyName + "-refused")).isEmpty();
    }

    @Test
    void upstreamConnectThatNeverCompletesResetsTheClientAtTheDeadline() throws Exception {
        // A listener that never accepts, with a backlog of 1: once its queue is full the kernel drops further SYNs.
        try (ServerSocket stuck = new ServerSocket()) {
            stuck.bind(new InetSocketAddress(SERVER_HOST, 0), 1);
            InetSocketAddress stuckAddress = (InetSocketAddress) stuck.getLocalSocketAddress();
            boolean full = false;
            for (int i = 0; i < 8 && !full; i++) {
                Socket filler = track(new Socket());
                try {
                    filler.connect(stuckAddress, 200);
                } catch (SocketTimeoutException e) {
                    full = true;
                }
            }
            assertThat(full).as("the stuck listener's backlog filled up").isTrue();

            try (FaultProxy proxyToStuck = new FaultProxy(proxyName + "-stuck", new InetSocketAddress(PROXY_HOST, 0),
                    stuckAddress, Duration.ofMillis(500))) {
                proxyToStuck.start();
                Socket s = track(new Socket());
                s.connect(proxyToStuck.localAddress(), READ_TIMEOUT_MILLIS);
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.getInputStream().read())
                        .isInstanceOf(SocketException.class)
                        .hasMessageContaining("Connection reset");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                        Duration.ofSeconds(5));
                assertThat(proxyToStuck.connectionCount()).isZero();
            }
        }
    }

    @Test
    void thousandConcurrentConnectionsEchoCorrectly() throws Exception {
        int n = 1_000;
        List<Socket> sockets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sockets.add(connect());
        }
        for (int i = 0; i < n; i++) {
            write(sockets.get(i), bytes(String.format("connection %04d", i)));
        }
        for (int i = 0; i < n; i++) {
            assertThat(text(readExactly(sockets.get(i), 15))).isEqualTo(String.format("connection %04d", i));
        }
        assertThat(proxy.connectionCount()).isEqualTo(n);
        assertThat(echo.accepted()).isEqualTo(n);

        for (Socket s : sockets) {
            s.close();
        }
        await("the proxy to release every connection", () -> proxy.connectionCount() == 0);
        await("the server to see every connection closed", () -> echo.endedByPeer() == n);
    }

    @Test
    void cutAndHealWhileTrafficFlowsKeepTheStreamIntact() throws Exception {
        Socket s = connect();
        byte[] payload = randomBytes(4 * 1024 * 1024, 2);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int off = 0; off < payload.length; off += 4096) {
                try {
                    s.getOutputStream().write(payload, off, Math.min(4096, payload.length - off));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, io);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> readExactly(s, payload.length), io);
        for (int i = 0; i < 40 && !reader.isDone(); i++) {
            proxy.cut();
            TimeUnit.MILLISECONDS.sleep(3); // pacing of the fault toggles, not a wait for a condition
            proxy.heal();
            TimeUnit.MILLISECONDS.sleep(3);
        }
        assertThat(reader.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(payload);
        writer.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void closeEndsEverythingAndReleasesTheAddress() throws Exception {
        Socket established = connect();
        roundTrip(established, "hello");
        proxy.cut();
        Socket pending = connect();
        await("the proxy to count both clients", () -> proxy.connectionCount() == 2);
        InetSocketAddress address = proxy.localAddress();

        proxy.close();
        assertThat(proxyThreads(proxyName)).isEmpty();
        assertEnded(established);
        assertEnded(pending);
        await("the server to see the upstream side closed", () -> echo.endedByPeer() == 1);
        assertThat(proxy.connectionCount()).isZero();
        proxy.close(); // idempotent
        assertThatThrownBy(proxy::start).isInstanceOf(IllegalStateException.class);

        try (FaultProxy again = new FaultProxy(proxyName + "-again", address, echo.address())) {
            again.start();
            Socket s = track(new Socket());
            s.connect(address, READ_TIMEOUT_MILLIS);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            roundTrip(s, "same address");
        }
        assertThat(proxyThreads(proxyName + "-again")).isEmpty();
    }

    @Test
    void startOnATakenAddressFails() {
        FaultProxy second = new FaultProxy(proxyName + "-second", proxy.localAddress(), echo.address());
        assertThatThrownBy(second::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(proxy.localAddress().getPort() + "");
        second.close();
        assertThat(proxyThreads(proxyName + "-second")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private Socket connect() throws IOException {
        Socket s = track(new Socket());
        s.setTcpNoDelay(true);
        s.connect(proxy.localAddress(), READ_TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return s;
    }

    private Socket track(Socket s) {
        clients.add(s);
        return s;
    }

    private static void roundTrip(Socket s, String message) {
        write(s, bytes(message));
        assertThat(text(readExactly(s, message.length()))).isEqualTo(message);
    }

    private static void write(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly {@code n} bytes; every read is bounded by the socket's timeout. */
    private static byte[] readExactly(Socket s, int n) {
        try {
            byte[] bytes = s.getInputStream().readNBytes(n);
            if (bytes.length != n) {
                fail("EOF after " + bytes.length + " of " + n + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a read times out: no byte, no EOF, no reset. */
    private static void assertSilent(Socket s) throws IOException {
        s.setSoTimeout(SILENCE_MILLIS);
        try {
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    /** Asserts that a read sees the connection end (EOF or reset) within the read timeout. */
    private static void assertEnded(Socket s) {
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("the connection did not end within " + READ_TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("Connection reset");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + AWAIT.toSeconds() + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static List<String> proxyThreads(String name) {
        String threadName = "aurora-proxy-" + name;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(threadName))
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
