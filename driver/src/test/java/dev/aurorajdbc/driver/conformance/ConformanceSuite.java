package dev.aurorajdbc.driver.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The conformance suite: steps run in order on one connection, after dropping what an earlier run left behind, so
 * that every run starts from the same (absent) object set. Two runs through different kinds of connection behave
 * the same when their result lists are equal step by step.
 */
final class ConformanceSuite {

    /**
     * What one step gave.
     *
     * @param step the step's name
     * @param value its canonical result, a {@link Canon.Crash} when it threw unexpectedly
     */
    record StepResult(String step, Object value) {

        /** Whether the step threw where it was not expected to. */
        boolean crashed() {
            return value instanceof Canon.Crash;
        }

        @Override
        public String toString() {
            return step + " -> " + value;
        }
    }

    private final List<String> setupSql;
    private final List<Step> steps;

    /**
     * A suite.
     *
     * @param setupSql statements run before the steps, results not compared: they drop what a run leaves behind
     * @param steps the steps, names unique
     */
    ConformanceSuite(List<String> setupSql, List<Step> steps) {
        this.setupSql = List.copyOf(setupSql);
        this.steps = List.copyOf(steps);
        Set<String> names = new HashSet<>();
        for (Step s : steps) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two steps named " + s.name());
            }
        }
    }

    /** The steps, in order. */
    List<Step> steps() {
        return steps;
    }

    /**
     * This suite with one more step at the end (to prove that a comparison can fail).
     *
     * @param step the step to add
     * @return a new suite
     */
    ConformanceSuite plus(Step step) {
        List<Step> more = new ArrayList<>(steps);
        more.add(step);
        return new ConformanceSuite(setupSql, more);
    }

    /**
     * Runs the suite on one new connection of {@code subject}. A step that throws unexpectedly gives a
     * {@link Canon.Crash}; the run goes on, after rolling back and restoring auto-commit.
     *
     * @param subject where the connection comes from
     * @return one result per step, in order
     * @throws SQLException when the connection cannot be opened or the setup fails
     */
    List<StepResult> run(Subject subject) throws SQLException {
        List<StepResult> results = new ArrayList<>(steps.size());
        try (Connection c = subject.open()) {
            try (Statement s = c.createStatement()) {
                for (String sql : setupSql) {
                    s.execute(sql);
                }
            }
            for (Step step : steps) {
                Object value;
                try {
                    value = step.action().run(c, subject);
                } catch (Exception | AssertionError e) {
                    value = Canon.crash(e);
                    recover(c);
                }
                results.add(new StepResult(step.name(), value));
            }
        }
        return Collections.unmodifiableList(results);
    }

    private static void recover(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the next steps will show what is left broken
        }
    }

    /**
     * The first step whose results differ, described for a test failure: its name, position and both values, then
     * the names of the other differing steps.
     *
     * @param expectedName the reference run's name, e.g. {@code native}
     * @param expected the reference run's results
     * @param actualName the compared run's name
     * @param actual the compared run's results
     * @return empty when the runs agree on every step
     */
    static Optional<String> firstDifference(String expectedName, List<StepResult> expected, String actualName,
            List<StepResult> actual) {
        List<String> differing = new ArrayList<>();
        String first = null;
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            StepResult e = i < expected.size() ? expected.get(i) : null;
            StepResult a = i < actual.size() ? actual.get(i) : null;
            if (e != null && a != null && e.step().equals(a.step()) && Objects.equals(e.value(), a.value())) {
                continue;
            }
            String name = e != null ? e.step() : a.step();
            differing.add(name);
            if (first == null) {
                first = "step '" + name + "' (#" + (i + 1) + " of " + n + ") differs:\n  " + expectedName + ": "
                        + (e == null ? "<no such step>" : e.toString()) + "\n  " + actualName + ": "
                        + (a == null ? "<no such step>" : a.toString());
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        if (differing.size() > 1) {
            first += "\n  " + (differing.size() - 1) + " more differing: "
                    + String.join(", ", differing.subList(1, differing.size()));
        }
        return Optional.of(first);
    }
}
