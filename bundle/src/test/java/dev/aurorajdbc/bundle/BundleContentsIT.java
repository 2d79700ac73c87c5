package dev.aurorajdbc.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bundle holds the driver and everything it needs, with every third-party package relocated under
 * {@code dev.aurorajdbc.shaded} (so it clashes with no Resilience4j or SLF4J an application brings), and nothing of
 * what the user brings: the native drivers and HikariCP.
 */
@Tag("integration")
class BundleContentsIT {
    private static final Pattern MISSING = Pattern.compile("\\s+(\\S+)\\s+->\\s+(\\S+)\\s+not found");

    static Path bundle() {
        Path jar = Path.of(System.getProperty("aurora.bundle.jar", "target/missing-bundle.jar"));
        assertThat(jar).as("the bundle (run through Maven's failsafe, after package)").isRegularFile();
        return jar;
    }

    static Path nativeDriver(String name) {
        Path jar = Path.of(System.getProperty("aurora.bundle.nativeDrivers", "target/native-drivers")).resolve(name + ".jar");
        assertThat(jar).as("the native driver copied for the ITs").isRegularFile();
        return jar;
    }

    /** Every class and every package directory; root files (the bundled projects' license texts) may stay. */
    @Test
    void everyClassIsOursOrRelocatedUnderOurs() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (ZipFile zip = new ZipFile(bundle().toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                boolean inPackage = name.contains("/") || name.endsWith(".class");
                if (inPackage && !name.startsWith("META-INF/") && !name.startsWith("dev/aurorajdbc/") && !"dev/".equals(name)) {
                    foreign.add(name);
                }
            }
        }
        assertThat(foreign).as("entries outside dev/aurorajdbc/ and META-INF/").isEmpty();
    }

    @Test
    void itHasTheDriverItsDependenciesAndItsServiceFiles() throws IOException {
        try (ZipFile zip = new ZipFile(bundle().toFile())) {
            for (String cls : List.of("dev/aurorajdbc/driver/AuroraDriver", "dev/aurorajdbc/routing/HostAddress",
                    "dev/aurorajdbc/shaded/resilience4j/circuitbreaker/CircuitBreaker",
                    "dev/aurorajdbc/shaded/resilience4j/core/EventConsumer", "dev/aurorajdbc/shaded/slf4j/LoggerFactory",
                    "dev/aurorajdbc/shaded/slf4j/jul/JULServiceProvider")) {
                assertThat(zip.getEntry(cls + ".class")).as(cls).isNotNull();
            }
            assertThat(text(zip, "META-INF/services/java.sql.Driver")).contains("dev.aurorajdbc.driver.AuroraDriver");
            assertThat(text(zip, "META-INF/services/dev.aurorajdbc.shaded.slf4j.spi.SLF4JServiceProvider"))
                    .contains("dev.aurorajdbc.shaded.slf4j.jul.JULServiceProvider");
            for (String theirs : List.of("org/postgresql/Driver.class", "com/mysql/cj/jdbc/Driver.class",
                    "com/zaxxer/hikari/HikariDataSource.class")) {
                assertThat(zip.getEntry(theirs)).as(theirs + ": the user's to bring").isNull();
            }
        }
    }

    /** jdeps finds every class the bundle refers to in the bundle, the JDK, or what the user brings beside it. */
    @Test
    void itLacksNoClassItNeeds() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        String beside = nativeDriver("postgresql") + java.io.File.pathSeparator + nativeDriver("mysql-connector-j")
                + java.io.File.pathSeparator + nativeDriver("HikariCP");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "--missing-deps", "--multi-release", "17", "-cp", beside, bundle().toString());
        String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as("jdeps: %s", report).isZero();
        assertThat(missing(report)).as("classes the bundle refers to but lacks; jdeps:%n%s", report).isEmpty();
    }

    /**
     * The classes jdeps reports missing ({@code   from -> to   not found}), but JSR-305's annotations, on which
     * Resilience4j's own annotations are meta-annotated: the JVM ignores an annotation whose type is missing.
     */
    private static List<String> missing(String report) {
        List<String> missing = new ArrayList<>();
        for (String line : report.lines().toList()) {
            Matcher m = MISSING.matcher(line);
            if (m.matches() && !m.group(2).startsWith("javax.annotation.")) {
                missing.add(m.group(1) + " -> " + m.group(2));
            }
        }
        return missing;
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
