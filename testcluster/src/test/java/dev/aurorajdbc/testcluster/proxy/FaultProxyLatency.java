package dev.aurorajdbc.testcluster.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: measures the round-trip latency the proxy adds, for a small request/response over loopback, direct
 * versus through a {@link FaultProxy}, alternating rounds so that both see the same machine load. Run with
 * {@code java -cp testcluster/target/classes:testcluster/target/test-classes
 * dev.aurorajdbc.testcluster.proxy.FaultProxyLatency [roundTrips] [rounds]}.
 */
public final class FaultProxyLatency {
    private static final int MESSAGE_SIZE = 32;

    private FaultProxyLatency() {
    }

    public static void main(String[] args) throws IOException {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (EchoServer echo = new EchoServer("127.0.43.2");
                FaultProxy proxy = new FaultProxy("latency", new InetSocketAddress("127.0.43.1", 0), echo.address())) {
            proxy.start();
            try (Socket direct = open(echo.address()); Socket proxied = open(proxy.localAddress())) {
                measure(direct, roundTrips); // warm-up
                measure(proxied, roundTrips);
                for (int r = 1; r <= rounds; r++) {
                    report("round " + r + " direct ", measure(direct, roundTrips));
                    report("round " + r + " proxied", measure(proxied, roundTrips));
                }
            }
        }
    }

    private static Socket open(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static long[] measure(Socket s, int roundTrips) throws IOException {
        byte[] request = new byte[MESSAGE_SIZE];
        byte[] response = new byte[MESSAGE_SIZE];
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long[] nanos = new long[roundTrips];
        for (int i = 0; i < roundTrips; i++) {
            long start = System.nanoTime();
            out.write(request);
            if (in.readNBytes(response, 0, MESSAGE_SIZE) != MESSAGE_SIZE) {
                throw new IOException("EOF");
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static void report(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1_000;
        System.out.printf(Locale.ROOT, "%s  mean %6.1f us  p50 %6.1f us  p90 %6.1f us  p99 %7.1f us%n", label, mean,
                sorted[sorted.length / 2] / 1_000.0, sorted[(int) (sorted.length * 0.9)] / 1_000.0,
                sorted[(int) (sorted.length * 0.99)] / 1_000.0);
    }
}
