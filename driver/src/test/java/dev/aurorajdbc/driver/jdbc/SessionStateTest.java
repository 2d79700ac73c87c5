package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.jdbc.SessionState.Attribute;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The session state through {@link AuroraConnection}: only what the application set is re-applied on a new native
 * connection, nothing when it set nothing, no native call for an unchanged value; and the transaction bookkeeping.
 */
class SessionStateTest {

    private final RecordingOwner owner = new RecordingOwner();
    private final Connection first = NativeStub.create(Connection.class);
    private final AuroraConnection connection = new GeneratedAuroraConnection(owner, first, "node1:5432");

    private static NativeStub stub(Connection c) {
        return NativeStub.of(c);
    }

    private Connection replace() throws SQLException {
        Connection next = NativeStub.create(Connection.class);
        connection.replacePhysical(next, "node2:5432");
        return next;
    }

    @Test
    void nothingSetNothingApplied() throws SQLException {
        connection.getAutoCommit();
        connection.getTransactionIsolation();
        connection.isReadOnly();

        Connection next = replace();

        assertThat(stub(next).calls()).isEmpty();
        assertThat(connection.sessionState().setAttributes()).isEmpty();
        assertThat(stub(first).callNames()).endsWith("close");
    }

    @Test
    void onlyWhatWasSetIsApplied() throws SQLException {
        connection.setSchema("app");

        Connection next = replace();

        assertThat(stub(next).calls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("setSchema");
            assertThat(call.args()).containsExactly("app");
        });
    }

    @Test
    void everythingSetIsAppliedTimeoutFirstAutoCommitLast() throws SQLException {
        Executor executor = Runnable::run;
        Map<String, Class<?>> typeMap = Map.of("point", Object.class);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        connection.setCatalog("db");
        connection.setSchema("app");
        connection.setNetworkTimeout(executor, 5_000);
        connection.setHoldability(2);
        connection.setTypeMap(typeMap);
        connection.setClientInfo("ApplicationName", "billing");

        Connection next = replace();

        assertThat(stub(next).callNames()).containsExactly("setNetworkTimeout", "setReadOnly",
                "setTransactionIsolation", "setCatalog", "setSchema", "setHoldability", "setTypeMap", "setClientInfo",
                "setAutoCommit");
        assertThat(stub(next).calls().stream().map(NativeStub.Call::args).toList()).containsExactly(
                List.of(executor, 5_000), List.of(true), List.of(Connection.TRANSACTION_SERIALIZABLE), List.of("db"),
                List.of("app"), List.of(2), List.of(typeMap), List.of("ApplicationName", "billing"), List.of(false));
        assertThat(connection.sessionState().setAttributes()).containsExactlyInAnyOrder(Attribute.values());
        assertThat(connection.sessionState().isReadOnly()).isTrue();
    }

    @Test
    void anUnchangedValueCostsNoNativeCall() throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setSchema("app");
        connection.setSchema("app");
        connection.setReadOnly(true);
        connection.setReadOnly(true);
        connection.setClientInfo("ApplicationName", "billing");
        connection.setClientInfo("ApplicationName", "billing");
        Executor executor = Runnable::run;
        connection.setNetworkTimeout(executor, 1_000);
        connection.setNetworkTimeout(executor, 1_000);
        connection.setHoldability(1);
        connection.setHoldability(1);
        connection.setCatalog("db");
        connection.setCatalog("db");

        assertThat(stub(first).callNames()).containsExactly("setTransactionIsolation", "setSchema", "setReadOnly",
                "setClientInfo", "setNetworkTimeout", "setHoldability", "setCatalog");
    }

    @Test
    void aNewConnectionIsInAutoCommitModeSoSettingItCostsNothing() throws SQLException {
        connection.setAutoCommit(true);

        assertThat(stub(first).calls()).isEmpty();
        // but the application set it: a new native connection gets it too
        assertThat(stub(replace()).callNames()).containsExactly("setAutoCommit");
    }

    @Test
    void aValueReadThroughTheGetterIsKnownAndCountsAsSetWhenSet() throws SQLException {
        stub(first).answer("getTransactionIsolation", Connection.TRANSACTION_REPEATABLE_READ);
        assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);

        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);

        assertThat(stub(first).callNames()).containsExactly("getTransactionIsolation");
        assertThat(connection.sessionState().isSet(Attribute.TRANSACTION_ISOLATION)).isTrue();
        assertThat(stub(replace()).callNames()).containsExactly("setTransactionIsolation");
    }

    @Test
    void aChangedValueReachesTheNativeConnection() throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        connection.setSchema("a");
        connection.setSchema(null);
        connection.setSchema(null);

        assertThat(stub(first).callNames()).containsExactly("setTransactionIsolation", "setTransactionIsolation",
                "setSchema", "setSchema");
    }

    @Test
    void afterAFailedSetterTheValueIsUnknownAndTheNextSetReachesTheNative() throws SQLException {
        connection.setSchema("app");
        stub(first).failWith(new SQLException("gone", "08006"));
        assertThatThrownBy(() -> connection.setSchema("other")).isInstanceOf(SQLException.class);
        stub(first).failWith(null);
        stub(first).clear();

        connection.setSchema("app");

        assertThat(stub(first).callNames()).containsExactly("setSchema");
    }

    @Test
    void theKnownValuesMoveToTheNewConnection() throws SQLException {
        connection.setSchema("app");
        connection.setReadOnly(false);
        Connection next = replace();
        stub(next).clear();

        connection.setSchema("app");
        connection.setReadOnly(false);
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);

        assertThat(stub(next).callNames()).containsExactly("setTransactionIsolation");
    }

    @Test
    void clientInfoIsReplayedInTheOrderTheApplicationSetIt() throws SQLException {
        Properties all = new Properties();
        all.setProperty("ApplicationName", "billing");
        all.setProperty("ClientUser", "alice");
        connection.setClientInfo("ClientHostname", "h1"); // replaced by the next call
        connection.setClientInfo(all);
        all.setProperty("ClientUser", "mallory"); // the application's later changes do not leak in
        connection.setClientInfo("ApplicationName", "reports");
        connection.setClientInfo("ClientUser", "alice"); // unchanged: no native call

        assertThat(stub(first).callNames()).containsExactly("setClientInfo", "setClientInfo", "setClientInfo");
        Connection next = replace();

        List<NativeStub.Call> applied = stub(next).calls();
        assertThat(applied).hasSize(3);
        Properties replayed = (Properties) applied.get(0).args().get(0);
        assertThat(replayed).containsOnly(Map.entry("ApplicationName", "billing"), Map.entry("ClientUser", "alice"));
        assertThat(applied.get(1).args()).containsExactly("ApplicationName", "reports");
        assertThat(applied.get(2).args()).containsExactly("ClientUser", "alice");
    }

    @Test
    void readOnlyChangesAreReportedToTheOwner() throws SQLException {
        owner.moves = true;
        connection.setReadOnly(true);
        connection.setReadOnly(true);
        connection.setReadOnly(false);

        assertThat(owner.readOnlyChanges).containsExactly(true, false);
        assertThat(connection.sessionState().isReadOnly()).isFalse();
    }

    @Test
    void applyToFailureKeepsTheOldConnectionAndClosesTheNewOne() throws SQLException {
        connection.setSchema("app");
        Connection next = NativeStub.create(Connection.class);
        SQLException refused = new SQLException("schema does not exist", "3F000");
        stub(next).failWith(refused);

        assertThatThrownBy(() -> connection.replacePhysical(next, "node2:5432")).isSameAs(refused);

        assertThat(connection.physical()).isSameAs(first);
        assertThat(connection.hostDescription()).isEqualTo("node1:5432");
        assertThat(stub(next).callNames()).containsExactly("setSchema", "close");
        assertThat(stub(first).callNames()).doesNotContain("close");
        assertThat(owner.failures).as("replacePhysical reports to its caller, not to the funnel").isEmpty();
    }

    // ---- transactions ----

    @Test
    void inAutoCommitModeNoTransactionIsOpen() throws SQLException {
        connection.createStatement().execute("insert");

        assertThat(connection.sessionState().inTransaction()).isFalse();
    }

    @Test
    void aStatementAfterAutoCommitOffOpensATransactionUntilCommitOrRollback() throws SQLException {
        SessionState state = connection.sessionState();
        Statement s = connection.createStatement();
        s.execute("insert"); // autocommitted
        connection.setAutoCommit(false);
        assertThat(state.inTransaction()).isFalse();

        s.executeUpdate("insert");
        assertThat(state.inTransaction()).isTrue();
        connection.commit();
        assertThat(state.inTransaction()).isFalse();

        connection.prepareStatement("select").executeQuery();
        assertThat(state.inTransaction()).isTrue();
        connection.rollback();
        assertThat(state.inTransaction()).isFalse();

        connection.prepareCall("{call p()}").execute();
        assertThat(state.inTransaction()).isTrue();
        connection.setAutoCommit(false); // unchanged: no commit happened
        assertThat(state.inTransaction()).isTrue();
        connection.setAutoCommit(true); // commits
        assertThat(state.inTransaction()).isFalse();
    }

    @Test
    void everyExecuteMethodCounts() throws SQLException {
        connection.setAutoCommit(false);
        Statement s = connection.createStatement();
        List<SqlAction> executes = List.of(() -> s.execute("x"), () -> s.execute("x", 1),
                () -> s.execute("x", new int[0]), () -> s.execute("x", new String[0]), () -> s.executeQuery("x"),
                () -> s.executeUpdate("x"), () -> s.executeUpdate("x", 1), () -> s.executeUpdate("x", new int[0]),
                () -> s.executeUpdate("x", new String[0]), s::executeBatch, s::executeLargeBatch,
                () -> s.executeLargeUpdate("x"), () -> s.executeLargeUpdate("x", 1),
                () -> s.executeLargeUpdate("x", new int[0]), () -> s.executeLargeUpdate("x", new String[0]),
                () -> connection.prepareStatement("x").execute(), () -> connection.prepareStatement("x").executeQuery(),
                () -> connection.prepareStatement("x").executeUpdate(),
                () -> connection.prepareStatement("x").executeLargeUpdate(), connection::setSavepoint,
                () -> connection.setSavepoint("sp"));
        for (SqlAction execute : executes) {
            connection.rollback();
            assertThat(connection.sessionState().inTransaction()).isFalse();
            execute.run();
            assertThat(connection.sessionState().inTransaction()).isTrue();
        }
    }

    @Test
    void theFunnelSeesTheTransactionAStatementFailedIn() throws SQLException {
        connection.setAutoCommit(false);
        Statement s = connection.createStatement();
        NativeStub.of(((AuroraStatement) s).delegate).failWith(new SQLException("reset", "08006"));

        assertThatThrownBy(() -> s.executeUpdate("insert")).isInstanceOf(SQLException.class);

        assertThat(owner.inTransactionAtFailure).containsExactly(true);
    }

    @Test
    void aFailedCommitLeavesTheTransactionOpen() throws SQLException {
        connection.setAutoCommit(false);
        connection.createStatement().execute("insert");
        stub(first).failWith(new SQLException("reset", "08006"));

        assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class);

        assertThat(owner.inTransactionAtFailure).containsExactly(true);
        assertThat(connection.sessionState().inTransaction()).isTrue();
    }

    @Test
    void aFailedAutoCommitChangeLeavesTheModeUnknownSoATransactionMayBeOpen() throws SQLException {
        connection.createStatement().execute("insert"); // autocommitted
        assertThat(connection.sessionState().inTransaction()).isFalse();
        stub(first).failWith(new SQLException("reset", "08006"));

        assertThatThrownBy(() -> connection.setAutoCommit(false)).isInstanceOf(SQLException.class);

        assertThat(connection.sessionState().inTransaction()).isTrue();
    }

    @Test
    void aNewNativeConnectionHasNoTransaction() throws SQLException {
        connection.setAutoCommit(false);
        connection.createStatement().execute("insert");

        replace();

        assertThat(connection.sessionState().inTransaction()).isFalse();
        assertThat(connection.sessionState().isSet(Attribute.AUTO_COMMIT)).isTrue();
    }

    @Test
    void toStringNamesAttributesButNoValues() throws SQLException {
        connection.setClientInfo("ClientUser", "alice");
        connection.setSchema("secret_schema");

        assertThat(connection.sessionState().toString()).contains("SCHEMA", "CLIENT_INFO")
                .doesNotContain("alice", "secret_schema");
    }

    /** A JDBC call for a list of actions. */
    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    @Test
    void readOnlyChangesInsideATransactionAreRefusedWhenTheOwnerMovesConnections() throws SQLException {
        owner.moves = true;
        connection.setAutoCommit(false);
        connection.createStatement().execute("SELECT 1");
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> connection.setReadOnly(true));
        assertThat(e.getSQLState()).isEqualTo("25001");
        assertThat(owner.readOnlyChanges).isEmpty();
        connection.commit();
        connection.setReadOnly(true);
        assertThat(owner.readOnlyChanges).containsExactly(true);
    }

    @Test
    void switchingAppliesOnlyWhatTheTargetLacks() throws SQLException {
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        connection.setSchema("s1");
        Connection reader = NativeStub.create(Connection.class);
        SessionState.Snapshot writerState = connection.switchTo(reader, "reader:5432", null, true);
        assertThat(stub(reader).callNames()).containsExactly("setReadOnly", "setTransactionIsolation", "setSchema");
        assertThat(connection.physical()).isSameAs(reader);
        assertThat(connection.hostDescription()).isEqualTo("reader:5432");
        assertThat(stub(first).callNames()).as("the writer's connection stays open").doesNotContain("close");

        connection.setSchema("s2");
        SessionState.Snapshot readerState = connection.switchTo(first, "node1:5432", writerState, false);
        assertThat(stub(first).callNames()).endsWith("setReadOnly", "setSchema");
        assertThat(stub(first).callNames()).containsOnlyOnce("setTransactionIsolation");

        int before = stub(reader).callNames().size();
        connection.switchTo(reader, "reader:5432", readerState, true);
        assertThat(stub(reader).callNames()).as("nothing changed since the reader was current").hasSize(before);
        assertThat(connection.sessionState().isReadOnly()).isTrue();
    }
}
