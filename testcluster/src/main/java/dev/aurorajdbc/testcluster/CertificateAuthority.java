package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.spi.TlsMaterial;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A cluster's own certificate authority, made with the {@code openssl} command line tool (the JDK has no public API
 * to issue certificates, and no library that does is a dependency): a self-signed CA (RSA 2048, valid 7 days) and, per
 * node, a server certificate whose subjectAltName entries are the node's addresses (IP entries for IP literals, DNS
 * entries for names). Its files live in {@code dir}: {@code ca.pem} for pgjdbc's {@code sslrootcert}, and
 * {@code truststore.p12} (PKCS #12, the CA as a trusted entry) for Connector/J's {@code trustCertificateKeyStoreUrl}.
 * The CA's key never leaves {@code dir}, which the cluster deletes when it closes.
 */
final class CertificateAuthority implements TlsMaterial {
    static final String TRUST_STORE_PASSWORD = "aurora-testcluster";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String VALID_DAYS = "7";

    private final Path dir;
    private final String caPem;
    private final Map<String, String[]> nodes = new ConcurrentHashMap<>();

    private CertificateAuthority(Path dir, String caPem) {
        this.dir = dir;
        this.caPem = caPem;
    }

    /** Creates the authority in {@code dir} (created if need be). */
    static CertificateAuthority create(Path dir, String clusterName) {
        try {
            Files.createDirectories(dir);
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", VALID_DAYS, "-subj", "/CN=aurora-testcluster CA " + clusterName,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            String pem = Files.readString(dir.resolve("ca.pem"), StandardCharsets.US_ASCII);
            writeTrustStore(dir.resolve("truststore.p12"), pem);
            return new CertificateAuthority(dir, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new TestClusterException("cannot create the cluster's certificate authority in " + dir + ": " + e, e);
        }
    }

    /** Issues (or re-issues) the certificate of {@code nodeId} for {@code addresses}, the first one its common name. */
    synchronized void issue(String nodeId, List<String> addresses) {
        List<String> san = new ArrayList<>();
        for (String a : addresses) {
            san.add((a.matches("[0-9.]+") || a.indexOf(':') >= 0 ? "IP:" : "DNS:") + a);
        }
        try {
            String base = "node-" + nodeId;
            Files.writeString(dir.resolve(base + ".ext"), "subjectAltName = " + String.join(", ", san) + "\n"
                    + "basicConstraints = critical, CA:FALSE\n"
                    + "keyUsage = critical, digitalSignature, keyEncipherment\n"
                    + "extendedKeyUsage = serverAuth\n", StandardCharsets.US_ASCII);
            openssl(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", base + ".key", "-out", base + ".csr",
                    "-subj", "/CN=" + addresses.get(0));
            openssl(dir, "x509", "-req", "-in", base + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", VALID_DAYS, "-sha256", "-extfile", base + ".ext", "-out", base + ".pem");
            nodes.put(nodeId, new String[] {
                    Files.readString(dir.resolve(base + ".pem"), StandardCharsets.US_ASCII),
                    Files.readString(dir.resolve(base + ".key"), StandardCharsets.US_ASCII)});
        } catch (IOException e) {
            throw new TestClusterException("cannot issue the certificate of node " + nodeId + ": " + e, e);
        }
    }

    /** The CA certificate (PEM file). */
    Path caCertificatePath() {
        return dir.resolve("ca.pem");
    }

    /** The CA as a PKCS #12 trust store (password {@value #TRUST_STORE_PASSWORD}). */
    Path trustStorePath() {
        return dir.resolve("truststore.p12");
    }

    @Override
    public String caCertificatePem() {
        return caPem;
    }

    @Override
    public String certificatePem(String nodeId) {
        return issued(nodeId)[0];
    }

    @Override
    public String privateKeyPem(String nodeId) {
        return issued(nodeId)[1];
    }

    private String[] issued(String nodeId) {
        String[] pair = nodes.get(nodeId);
        if (pair == null) {
            throw new TestClusterException("no certificate was issued for node " + nodeId);
        }
        return pair;
    }

    private static void writeTrustStore(Path file, String caPem) throws IOException, GeneralSecurityException {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("aurora-testcluster-ca", ca);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new TestClusterException("a cluster with TLS needs the openssl command line tool on PATH (Debian: apt-get"
                    + " install openssl): " + e.getMessage(), e);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl " + args[0] + " did not finish within " + TOOL_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openssl ran", e);
        }
    }
}
