package dev.aurorajdbc.testcluster.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JUnit Platform listener that makes every skipped test visible: each test or container that is skipped or aborted
 * (a test class aborted before its tests counts all of them) gets one short line on the console and one line in a
 * report file, which the project's {@code ./test} sums up at the end of the build.
 *
 * <p>Inert unless the system property {@value #PROPERTY} names a directory (the project's poms set it for surefire and
 * failsafe; its test resources register this listener). Each test JVM writes its own file there, {@code skipped-<pid>-
 * <millis>.tsv}, with lines {@code count TAB test TAB short reason TAB reason}, the reason on one line (the short
 * one with long paths shortened, as on the console). The console line goes to the
 * JVM's own standard error, not to {@code System.err}: surefire and failsafe, with {@code redirectTestOutputToFile},
 * send what a test prints to a file, but print a forked JVM's own standard error on the build's console.
 */
public final class SkipReport implements TestExecutionListener {
    /** System property: the directory of the report files; unset, the listener does nothing. */
    public static final String PROPERTY = "aurora.testcluster.skipReport";
    private static final int CONSOLE_REASON_CHARS = 240;

    private Path file;
    private TestPlan plan;
    private PrintStream console;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        plan = testPlan;
        file = Path.of(dir.trim()).resolve("skipped-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + ".tsv");
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        record(testIdentifier, reason);
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(testIdentifier, result.getThrowable().map(t -> t.getMessage() != null ? t.getMessage() : t.toString())
                    .orElse("aborted"));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        plan = null;
        file = null;
        if (console != null) {
            console.flush();
        }
    }

    private synchronized void record(TestIdentifier id, String reason) {
        if (file == null) {
            return;
        }
        int tests = tests(id);
        String name = name(id);
        String oneLine = oneLine(reason == null || reason.isBlank() ? "no reason given" : reason);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, tests + "\t" + name + "\t" + abbreviatePaths(oneLine) + "\t" + oneLine + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            oneLine += " (not recorded in " + file + ": " + e + ")";
        }
        if (console == null) {
            console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        }
        String shown = abbreviatePaths(oneLine);
        shown = shown.length() > CONSOLE_REASON_CHARS ? shown.substring(0, CONSOLE_REASON_CHARS - 3) + "..." : shown;
        console.println("[SKIPPED] " + name + (id.isTest() ? "" : " (" + tests + (tests == 1 ? " test" : " tests") + ")")
                + ": " + shown);
    }

    /** 1 for a test; for a container, its tests and its test templates (a parameterized test counts once). */
    private int tests(TestIdentifier id) {
        if (id.isTest()) {
            return 1;
        }
        int count = 0;
        for (TestIdentifier d : plan.getDescendants(id)) {
            if (d.isTest() || plan.getChildren(d).isEmpty()) {
                count++;
            }
        }
        return Math.max(count, 1);
    }

    private static String name(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String name = simple(m.getClassName()) + "." + m.getMethodName();
            return id.isTest() && id.getDisplayName().startsWith("[") ? name + " " + id.getDisplayName() : name;
        }
        if (source instanceof ClassSource c) {
            return simple(c.getClassName());
        }
        return id.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** For the console: a path of of three or more names is shortened to its last two ({@code .../bin/mysqld}). */
    static String abbreviatePaths(String text) {
        return text.replaceAll("(?<![\\w.~])/(?:[^\\s/:'\"]+/)+([^\\s/:'\"]+/[^\\s/:'\"]+)", ".../$1");
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " / ").replace('\t', ' ');
    }
}
