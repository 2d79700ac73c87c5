package dev.aurorajdbc.driver.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.conformance.ConformanceSuite.StepResult;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The suite's own logic on stubs: the comparison, the canonical failures, crash handling. */
class ConformanceSuiteTest {

    private static final List<StepResult> REFERENCE = List.of(new StepResult("ddl", 0),
            new StepResult("rows", List.of("id=Integer:1")), new StepResult("keys", List.of(1, "same")));

    @Test
    void equalRunsHaveNoDifference() {
        List<StepResult> copy = List.of(new StepResult("ddl", 0), new StepResult("rows", List.of("id=Integer:1")),
                new StepResult("keys", List.of(1, "same")));
        assertThat(ConformanceSuite.firstDifference("native", REFERENCE, "aurora", copy)).isEmpty();
    }

    @Test
    void theFirstDifferingStepIsNamedWithBothValues() {
        List<StepResult> actual = List.of(new StepResult("ddl", 0), new StepResult("rows", List.of("id=Long:1")),
                new StepResult("keys", List.of(1, "other")));
        Optional<String> difference = ConformanceSuite.firstDifference("native", REFERENCE, "aurora", actual);
        assertThat(difference).hasValueSatisfying(d -> assertThat(d)
                .startsWith("step 'rows' (#2 of 3) differs:")
                .contains("native: rows -> [id=Integer:1]", "aurora: rows -> [id=Long:1]",
                        "1 more differing: keys"));
    }

    @Test
    void aMissingStepIsADifference() {
        Optional<String> difference = ConformanceSuite.firstDifference("native", REFERENCE, "aurora",
                REFERENCE.subList(0, 2));
        assertThat(difference).hasValueSatisfying(d -> assertThat(d)
                .startsWith("step 'keys' (#3 of 3) differs:").contains("aurora: <no such step>"));
    }

    @Test
    void aStepOfAnotherNameIsADifferenceEvenWithTheSameValue() {
        List<StepResult> actual = List.of(new StepResult("ddl-renamed", 0), REFERENCE.get(1), REFERENCE.get(2));
        assertThat(ConformanceSuite.firstDifference("native", REFERENCE, "aurora", actual))
                .hasValueSatisfying(d -> assertThat(d).startsWith("step 'ddl' (#1 of 3) differs:"));
    }

    @Test
    void failuresAreTheirStandardClassStateCodeAndBatchCounts() {
        SQLException vendor = new SQLIntegrityConstraintViolationException("dup", "23000", 1062) {
            private static final long serialVersionUID = 1L;
        };
        assertThat(Canon.failure(vendor)).isEqualTo("failed SQLIntegrityConstraintViolationException state=23000 code=1062");
        assertThat(Canon.failure(new BatchUpdateException("b", "23505", 0, new int[] {1, Statement.EXECUTE_FAILED},
                null))).isEqualTo("failed BatchUpdateException state=23505 code=0 counts=[1, -3]");
        assertThat(Canon.failure(new SQLException("x"))).isEqualTo("failed SQLException state=null code=0");
    }

    @Test
    void outcomesKeepTheValueOrTheChosenPartOfTheFailure() throws Exception {
        SQLException closed = new SQLException("closed", "08003", 17);
        assertThat(Canon.outcome(() -> 1)).isEqualTo(1);
        assertThat(Canon.outcome(() -> {
            throw closed;
        })).isEqualTo("failed SQLException state=08003 code=17");
        assertThat(Canon.outcomeState(() -> {
            throw closed;
        })).isEqualTo("failed state=08003");
        assertThat(Canon.outcomeAnyFailure(() -> {
            throw closed;
        })).isEqualTo("failed");
        assertThatThrownBy(() -> Canon.outcome(() -> {
            throw new IllegalStateException("not an SQLException: a crash");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void identitiesAndValues() throws SQLException {
        Object a = new Object();
        assertThat(List.of(Canon.identity(a, a), Canon.identity(new Object(), a), Canon.identity(null, a)))
                .containsExactly("same", "other", "null");
        assertThat(List.of(Canon.value(null), Canon.value(new byte[] {0, (byte) 0xff}), Canon.value(7L)))
                .containsExactly("NULL", "bytes:00ff", "Long:7");
    }

    @Test
    void aCrashingStepIsRecordedAndTheRunGoesOn() throws SQLException {
        List<String> calls = new ArrayList<>();
        ConformanceSuite suite = new ConformanceSuite(List.of("DROP TABLE IF EXISTS t"), List.of(
                new Step("boom", (c, x) -> {
                    throw new SQLException("server gone", "08006");
                }),
                new Step("after", (c, x) -> "ran")));
        List<StepResult> results = suite.run(new Subject("stub", () -> stubConnection(calls)));
        assertThat(results).extracting(StepResult::step).containsExactly("boom", "after");
        assertThat(results.get(0).crashed()).isTrue();
        assertThat(results.get(0).value().toString()).contains("server gone", "08006");
        assertThat(results.get(1).value()).isEqualTo("ran");
        assertThat(calls).containsExactly("createStatement", "execute DROP TABLE IF EXISTS t", "getAutoCommit",
                "close");
    }

    @Test
    void stepNamesAreUnique() {
        Step a = new Step("same", (c, x) -> 1);
        assertThatThrownBy(() -> new ConformanceSuite(List.of(), List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
    }

    /** A connection whose statements accept anything; auto-commit on. Records the calls. */
    private static Connection stubConnection(List<String> calls) {
        Statement statement = (Statement) Proxy.newProxyInstance(ConformanceSuiteTest.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        calls.add("execute " + args[0]);
                        return false;
                    }
                    return null;
                });
        return (Connection) Proxy.newProxyInstance(ConformanceSuiteTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "createStatement" -> statement;
                        case "getAutoCommit" -> true;
                        default -> null;
                    };
                });
    }
}
