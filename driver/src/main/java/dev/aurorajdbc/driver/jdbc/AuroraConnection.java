package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import dev.aurorajdbc.driver.SqlStates;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logical connection the application holds: a thin wrapper around the current native (pgjdbc or Connector/J)
 * connection, which failover and read/write splitting replace underneath with {@link #replacePhysical}.
 *
 * <p>Every method delegates directly, HikariCP-style: the native call in a try/catch whose SQLException goes to the
 * owner's funnel ({@link ConnectionOwner#onFailure}) exactly once, and the funnel's answer is thrown. Only the state
 * setters, {@code commit}/{@code rollback}, {@code close}/{@code abort} and the statement factories carry logic: the
 * setters record what the application set in the {@link SessionState} (and skip the native call when the value is
 * already current), the factories wrap and track the statements. The methods without logic are generated, into
 * {@code GeneratedAuroraConnection}, the class the driver creates.
 *
 * <p>The native connection is a volatile field read once per call. {@code close()} and {@code abort()} may be
 * called from any thread; after them every method throws SQLState {@code 08003}, except {@code close()},
 * {@code abort()} (no-ops), {@code isClosed()} (true) and {@code isValid()} (false). Everything else follows the
 * JDBC rule that a connection is used by one thread at a time.
 */
@GenerateDelegation(delegate = "live()", connection = "this", values = Values.class)
public abstract class AuroraConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(AuroraConnection.class.getName());
    private static final VarHandle PHYSICAL;

    static {
        try {
            PHYSICAL = MethodHandles.lookup().findVarHandle(AuroraConnection.class, "physical", Connection.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionOwner owner;
    private final SessionState state = new SessionState();
    /** The open statements the application created, closed with the native connection they belong to. */
    private final Set<AuroraStatement> openStatements = ConcurrentHashMap.newKeySet();
    /** The current native connection; null once closed. */
    private volatile Connection physical;
    private volatile String hostDescription;
    /** The native metadata's wrapper (the application's thread; a race with close() only costs a wrapper). */
    private AuroraDatabaseMetaData metaData;

    /**
     * Wraps a native connection.
     *
     * @param owner the driver side: exception funnel and life-cycle notices
     * @param physical a new native connection, in its initial state (auto-commit on)
     * @param hostDescription the host it is connected to, for messages and logs; must not contain credentials
     */
    public AuroraConnection(ConnectionOwner owner, Connection physical, String hostDescription) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.physical = Objects.requireNonNull(physical, "physical");
        this.hostDescription = Objects.requireNonNull(hostDescription, "hostDescription");
    }

    /**
     * The current native connection.
     *
     * @return the native connection, or null once this connection is closed
     */
    public Connection physical() {
        return physical;
    }

    /**
     * The host the current native connection is connected to.
     *
     * @return the description given to the constructor or to the last {@link #replacePhysical}
     */
    public String hostDescription() {
        return hostDescription;
    }

    /** The driver-side owner of this logical connection (its cluster). */
    public ConnectionOwner owner() {
        return owner;
    }

    /**
     * The session state the application set on this logical connection.
     *
     * @return the session state; used by the thread that uses the connection
     */
    public SessionState sessionState() {
        return state;
    }

    /**
     * Swaps the native connection (failover, read/write switch): re-applies on {@code newPhysical} the session state
     * that the application set, and only that; then makes it current, closes the old native connection quietly and
     * closes the statements (and with them the result sets) of the old one. No transaction is open afterwards.
     * Call it from the thread that uses the connection (typically inside {@link ConnectionOwner#onFailure}).
     *
     * <p>This method takes ownership of {@code newPhysical}: if it fails, {@code newPhysical} is closed. Its
     * exceptions go to the caller, not to the funnel.
     *
     * @param newPhysical a new native connection in its initial state
     * @param hostDescription the host it is connected to; must not contain credentials
     * @throws SQLException the native driver's exception if re-applying the session state fails (the old native
     *     connection stays current), or SQLState {@code 08003} if this connection was closed meanwhile
     */
    public void replacePhysical(Connection newPhysical, String hostDescription) throws SQLException {
        Objects.requireNonNull(newPhysical, "newPhysical");
        Objects.requireNonNull(hostDescription, "hostDescription");
        Connection old = physical;
        if (old == null) {
            closeQuietly(newPhysical, hostDescription);
            throw closedException();
        }
        try {
            state.applyTo(newPhysical);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(newPhysical, hostDescription);
            throw e;
        }
        if (!PHYSICAL.compareAndSet(this, old, newPhysical)) {
            // closed (or aborted) by another thread meanwhile
            closeQuietly(newPhysical, hostDescription);
            throw closedException();
        }
        String oldHost = this.hostDescription;
        this.hostDescription = hostDescription;
        metaData = null;
        state.physicalReplaced();
        closeQuietly(old, oldHost);
        closeStatementsQuietly();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(owner.logPrefix() + oldHost + ": logical connection moved to " + hostDescription + ", re-applied "
                    + state.setAttributes());
        }
    }

    /**
     * Makes {@code target}, another native connection of this logical connection (read/write splitting keeps the
     * writer's and a replica's), the current one with the read-only mode {@code readOnly}: applies on it what the
     * application set and {@code had} does not show, then swaps. Unlike {@link #replacePhysical}, the outgoing native
     * connection stays open and its statements keep working; the caller keeps it with the returned snapshot. Call it
     * from the thread that uses the connection, outside a transaction.
     *
     * @param target the native connection to make current
     * @param hostDescription its host; must not contain credentials
     * @param had {@code target}'s snapshot from when it was last current, or null for a new native connection
     * @param readOnly the read-only mode the application asked for
     * @return the snapshot of the outgoing native connection, to pass back when it becomes current again
     * @throws SQLException the native driver's exception if applying the state fails (nothing changed then, and
     *     {@code target} is the caller's to discard), or SQLState {@code 08003} if this connection is closed
     */
    public SessionState.Snapshot switchTo(Connection target, String hostDescription, SessionState.Snapshot had,
            boolean readOnly) throws SQLException {
        Objects.requireNonNull(target, "target");
        Connection old = live();
        SessionState.Snapshot outgoing = state.snapshot();
        state.readOnlyRequested(readOnly);
        try {
            if (had == null) {
                state.applyTo(target);
            } else {
                state.applyDifference(target, had);
            }
        } catch (SQLException | RuntimeException e) {
            state.restore(outgoing);
            throw e;
        }
        if (!PHYSICAL.compareAndSet(this, old, target)) {
            state.restore(outgoing);
            throw closedException();
        }
        String oldHost = this.hostDescription;
        this.hostDescription = hostDescription;
        metaData = null;
        state.physicalReplaced();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(owner.logPrefix() + oldHost + ": logical connection switched to " + hostDescription
                    + (readOnly ? " (read-only)" : ""));
        }
        return outgoing;
    }

    // ---- statement factories ----

    @Override
    public Statement createStatement() throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraStatement(this, c.createStatement()));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraStatement(this, c.createStatement(resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraStatement(this,
                    c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"))));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"), resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"), resultSetType, resultSetConcurrency,
                            resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"), autoGeneratedKeys)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"), columnIndexes)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraPreparedStatement(this,
                    c.prepareStatement(Arguments.required(sql, "sql"), columnNames)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraCallableStatement(this, c.prepareCall(Arguments.required(sql, "sql"))));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraCallableStatement(this,
                    c.prepareCall(Arguments.required(sql, "sql"), resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        Connection c = live();
        try {
            return track(c, new GeneratedAuroraCallableStatement(this,
                    c.prepareCall(Arguments.required(sql, "sql"), resultSetType, resultSetConcurrency,
                            resultSetHoldability)));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        Connection c = live();
        try {
            DatabaseMetaData md = c.getMetaData();
            AuroraDatabaseMetaData w = metaData;
            if (w == null || w.delegate != md) {
                w = new GeneratedAuroraDatabaseMetaData(this, md);
                metaData = w;
            }
            return w;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- transactions ----

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current; a change ends the transaction bookkeeping.
     */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        Connection c = live();
        if (state.autoCommitUnchanged(autoCommit)) {
            return;
        }
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.AUTO_COMMIT);
            throw fail(e);
        }
        state.autoCommitApplied(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        Connection c = live();
        try {
            boolean value = c.getAutoCommit();
            state.autoCommitObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        Connection c = live();
        try {
            c.commit();
        } catch (SQLException e) {
            throw fail(e);
        }
        state.transactionEnded();
    }

    @Override
    public void rollback() throws SQLException {
        Connection c = live();
        try {
            c.rollback();
        } catch (SQLException e) {
            throw fail(e);
        }
        state.transactionEnded();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        Connection c = live();
        state.executing();
        try {
            return Values.savepoint(this, c.setSavepoint());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        Connection c = live();
        state.executing();
        try {
            return Values.savepoint(this, c.setSavepoint(name));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- session state ----

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current. With read/write splitting the owner moves the connection
     * between the writer and a replica ({@link ConnectionOwner#moveForReadOnly}); that is refused inside a
     * transaction with SQLState {@code 25001}.
     */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        Connection c = live();
        if (state.readOnlyUnchanged(readOnly)) {
            return;
        }
        if (owner.movesForReadOnly()) {
            if (state.inTransaction()) {
                throw new SQLException("setReadOnly(" + readOnly + ") inside a transaction: read/write splitting moves the"
                        + " connection between the writer and a replica only between transactions; commit or roll back"
                        + " first", SqlStates.ACTIVE_SQL_TRANSACTION);
            }
            if (owner.moveForReadOnly(this, readOnly)) {
                return;
            }
            c = live();
        }
        try {
            c.setReadOnly(readOnly);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.READ_ONLY);
            throw fail(e);
        }
        state.readOnlyApplied(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        Connection c = live();
        try {
            boolean value = c.isReadOnly();
            state.readOnlyObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        Connection c = live();
        if (state.transactionIsolationUnchanged(level)) {
            return;
        }
        try {
            c.setTransactionIsolation(level);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.TRANSACTION_ISOLATION);
            throw fail(e);
        }
        state.transactionIsolationApplied(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        Connection c = live();
        try {
            int value = c.getTransactionIsolation();
            state.transactionIsolationObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current.
     */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        Connection c = live();
        if (state.catalogUnchanged(catalog)) {
            return;
        }
        try {
            c.setCatalog(catalog);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.CATALOG);
            throw fail(e);
        }
        state.catalogApplied(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        Connection c = live();
        try {
            String value = c.getCatalog();
            state.catalogObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current.
     */
    @Override
    public void setSchema(String schema) throws SQLException {
        Connection c = live();
        if (state.schemaUnchanged(schema)) {
            return;
        }
        try {
            c.setSchema(schema);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.SCHEMA);
            throw fail(e);
        }
        state.schemaApplied(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        Connection c = live();
        try {
            String value = c.getSchema();
            state.schemaObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current.
     */
    @Override
    public void setHoldability(int holdability) throws SQLException {
        Connection c = live();
        if (state.holdabilityUnchanged(holdability)) {
            return;
        }
        try {
            c.setHoldability(holdability);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.HOLDABILITY);
            throw fail(e);
        }
        state.holdabilityApplied(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        Connection c = live();
        try {
            int value = c.getHoldability();
            state.holdabilityObserved(value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the timeout and the executor are already current.
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        Connection c = live();
        if (state.networkTimeoutUnchanged(executor, milliseconds)) {
            return;
        }
        try {
            c.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.NETWORK_TIMEOUT);
            throw fail(e);
        }
        state.networkTimeoutApplied(executor, milliseconds);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Recorded for re-application; the native drivers keep the map without a round trip.
     */
    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        Connection c = live();
        try {
            c.setTypeMap(map);
        } catch (SQLException e) {
            state.failed(SessionState.Attribute.TYPE_MAP);
            throw fail(e);
        }
        state.typeMapApplied(map);
    }

    /**
     * {@inheritDoc}
     *
     * <p>No native call when the value is already current.
     */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        Connection c = physical;
        if (c == null) {
            throw clientInfoException(closedException(), Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
        }
        if (name == null) {
            throw clientInfoException(Arguments.isNull("name"), Map.of());
        }
        if (state.clientInfoUnchanged(name, value)) {
            return;
        }
        try {
            c.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            state.failed(SessionState.Attribute.CLIENT_INFO);
            throw clientInfoException(fail(e), e.getFailedProperties());
        }
        state.clientInfoApplied(name, value);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always delegated: it also clears the properties absent from {@code properties}.
     */
    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Connection c = physical;
        if (c == null) {
            throw clientInfoException(closedException(), failedProperties(properties));
        }
        if (properties == null) {
            throw clientInfoException(Arguments.isNull("properties"), Map.of());
        }
        try {
            c.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            state.failed(SessionState.Attribute.CLIENT_INFO);
            throw clientInfoException(fail(e), e.getFailedProperties());
        }
        state.clientInfoApplied(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        Connection c = live();
        try {
            String value = c.getClientInfo(Arguments.required(name, "name"));
            state.clientInfoObserved(name, value);
            return value;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- life cycle ----

    /**
     * {@inheritDoc}
     *
     * <p>Idempotent and safe from any thread: the first call closes the native connection, then the statements'
     * wrappers, and tells the owner.
     */
    @Override
    public void close() throws SQLException {
        Connection c = (Connection) PHYSICAL.getAndSet(this, null);
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            throw e; // the connection is closed either way: nothing to fail over
        } finally {
            closeStatementsQuietly();
            metaData = null;
            owner.closed(this);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Safe from any thread; a no-op when already closed. The statements are left to the native driver, which
     * may be using them on another thread.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: the executor is null", SqlStates.INVALID_PARAMETER_VALUE);
        }
        Connection c = (Connection) PHYSICAL.getAndSet(this, null);
        if (c == null) {
            return;
        }
        try {
            c.abort(executor);
        } catch (SQLException e) {
            throw e; // the connection is closed either way: nothing to fail over
        } finally {
            openStatements.clear();
            metaData = null;
            owner.closed(this);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True only after {@link #close()} or {@link #abort}: a broken native connection is the failover's business.
     */
    @Override
    public boolean isClosed() {
        return physical == null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>False once closed; otherwise the native connection's answer.
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        Connection c = physical;
        if (c == null) {
            return false;
        }
        try {
            return c.isValid(timeout);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- wrapper ----

    /**
     * {@inheritDoc}
     *
     * <p>This connection itself first, then the native connection ({@code org.postgresql.PGConnection},
     * Connector/J's {@code com.mysql.cj.jdbc.JdbcConnection}, ...) and what it wraps.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == null) {
            throw new SQLException("unwrap: the interface is null", SqlStates.INVALID_PARAMETER_VALUE);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Connection c = live();
        if (iface.isInstance(c)) {
            return iface.cast(c);
        }
        try {
            return c.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface == null) {
            return false;
        }
        if (iface.isInstance(this)) {
            return true;
        }
        Connection c = live();
        if (iface.isInstance(c)) {
            return true;
        }
        try {
            return c.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** Names the host, never the native connection's own string (it may show its URL). */
    @Override
    public String toString() {
        return "AuroraConnection[" + hostDescription + (physical == null ? ", closed]" : "]");
    }

    // ---- checked arguments: a null is 22023 before the native call ----

    @Override
    public String nativeSQL(String sql) throws SQLException {
        Connection c = live();
        try {
            return c.nativeSQL(Arguments.required(sql, "sql"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        Connection c = live();
        try {
            c.rollback(Values.nativeOf(Arguments.required(savepoint, "savepoint")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        Connection c = live();
        try {
            c.releaseSavepoint(Values.nativeOf(Arguments.required(savepoint, "savepoint")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals used by the statement, result set and metadata wrappers ----

    /**
     * The exception funnel: what the owner makes of a native exception; {@code 08003} when the application closed or
     * aborted this connection from another thread while the call ran (the native error is only the consequence).
     */
    SQLException fail(SQLException e) {
        if (physical == null) {
            return closedUnderway(e);
        }
        SQLException result = owner.onFailure(this, e);
        return result != null ? result : e;
    }

    /**
     * {@code 08003} for a call that this connection's {@link #close()} or {@link #abort} (from another thread) ended:
     * the connection is closed, so neither a redo nor a failover can help.
     *
     * @param cause what the call met (the native error, or failing over's)
     */
    public SQLException closedUnderway(SQLException cause) {
        return new java.sql.SQLNonTransientConnectionException("The connection to " + hostDescription
                + " was closed by the application while the call was under way", SqlStates.CONNECTION_DOES_NOT_EXIST,
                cause);
    }

    /** Wraps a native statement that the application did not create through this connection (metadata's). */
    AuroraStatement wrapForeign(Statement statement) {
        if (statement instanceof CallableStatement) {
            return new GeneratedAuroraCallableStatement(this, (CallableStatement) statement);
        }
        if (statement instanceof PreparedStatement) {
            return new GeneratedAuroraPreparedStatement(this, (PreparedStatement) statement);
        }
        return new GeneratedAuroraStatement(this, statement);
    }

    /** A statement was closed by the application. */
    void untrack(AuroraStatement statement) {
        openStatements.remove(statement);
    }

    /** The open statements' count, for tests. */
    int openStatementCount() {
        return openStatements.size();
    }

    /**
     * The current native connection, or 08003 once closed. The generated methods call it before their try: the 08003
     * is not a native failure, and does not go through the funnel.
     */
    Connection live() throws SQLException {
        Connection c = physical;
        if (c == null) {
            throw closedException();
        }
        return c;
    }

    private <S extends AuroraStatement> S track(Connection createdOn, S statement) {
        openStatements.add(statement);
        if (physical != createdOn) {
            // closed by another thread while the statement was being created: it will not be closed by close()
            openStatements.remove(statement);
            statement.closeQuietly();
        }
        return statement;
    }

    private void closeStatementsQuietly() {
        for (AuroraStatement s : openStatements) {
            if (openStatements.remove(s)) { // once, even with a close() racing from another thread
                s.closeQuietly();
            }
        }
    }

    private SQLException closedException() {
        return new java.sql.SQLNonTransientConnectionException("The connection to " + hostDescription + " is closed",
                SqlStates.CONNECTION_DOES_NOT_EXIST);
    }

    private void closeQuietly(Connection c, String host) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            if (LOG.isLoggable(Level.FINE)) {
                LOG.log(Level.FINE, owner.logPrefix() + host + ": closing a replaced native connection failed", e);
            }
        }
    }

    /** The cluster and host this connection is on, for log records ({@code [cluster] host:port}). */
    String logName() {
        return owner.logPrefix() + hostDescription;
    }

    private static SQLClientInfoException clientInfoException(SQLException e, Map<String, ClientInfoStatus> failed) {
        if (e instanceof SQLClientInfoException) {
            return (SQLClientInfoException) e;
        }
        return new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), failed, e);
    }

    private static Map<String, ClientInfoStatus> failedProperties(Properties properties) {
        Map<String, ClientInfoStatus> failed = new HashMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
            }
        }
        return failed;
    }
}
