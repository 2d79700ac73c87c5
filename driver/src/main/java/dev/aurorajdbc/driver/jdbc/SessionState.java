package dev.aurorajdbc.driver.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The session state of a logical connection, tracked with dirty bits (HikariCP's {@code ProxyConnection}): what the
 * application set through the JDBC API is what {@link #applyTo} re-applies on a new native connection, and nothing
 * else.
 *
 * <p>It also remembers the current value of each attribute on the current native connection, as learnt from the
 * application's own calls (its setters and getters), so that setting the value an attribute already has costs no
 * round trip, whatever the native driver does. A change made through SQL ({@code SET search_path}, {@code USE db},
 * {@code SET TRANSACTION ISOLATION LEVEL}, MySQL's {@code SET autocommit}) bypasses the JDBC API and is not seen
 * until the application calls the attribute's getter, which asks the native driver and refreshes the value.
 *
 * <p>A new native connection is in auto-commit mode (JDBC; both pgjdbc and Connector/J guarantee it); the other
 * attributes are unknown until the application sets or reads them.
 *
 * <p>Not thread-safe: it is used by the thread that uses the connection, as a JDBC connection is.
 */
public final class SessionState {

    /** A session attribute that the application can set through {@link Connection}. */
    public enum Attribute {
        /** {@link Connection#setAutoCommit}. */
        AUTO_COMMIT,
        /** {@link Connection#setReadOnly}. */
        READ_ONLY,
        /** {@link Connection#setTransactionIsolation}. */
        TRANSACTION_ISOLATION,
        /** {@link Connection#setCatalog}. */
        CATALOG,
        /** {@link Connection#setSchema}. */
        SCHEMA,
        /** {@link Connection#setNetworkTimeout}, with its executor. */
        NETWORK_TIMEOUT,
        /** {@link Connection#setHoldability}. */
        HOLDABILITY,
        /** {@link Connection#setTypeMap}. */
        TYPE_MAP,
        /** {@link Connection#setClientInfo(Properties)} and {@link Connection#setClientInfo(String, String)}. */
        CLIENT_INFO;

        private final int bit = 1 << ordinal();
    }

    /** Dirty bits: the attributes the application set. */
    private int set;
    /** The attributes whose current value on the current native connection is known (client info: see below). */
    private int known = Attribute.AUTO_COMMIT.bit;

    private boolean autoCommit = true;
    private boolean readOnly;
    private int transactionIsolation;
    private String catalog;
    private String schema;
    private int networkTimeoutMillis;
    private Executor networkTimeoutExecutor;
    private int holdability;
    private Map<String, Class<?>> typeMap;
    /** The last {@code setClientInfo(Properties)}, which replaces every client info property; null if none. */
    private Properties clientInfoReplacement;
    /** {@code setClientInfo(name, value)} calls since {@link #clientInfoReplacement}, in order; null if none. */
    private Map<String, String> clientInfoSets;
    /** Known current client info values of the current native connection; null if none. */
    private Map<String, String> clientInfoKnown;

    /** A statement ran since the last commit, rollback or auto-commit change. */
    private boolean executedSinceTransactionEnd;
    /** A statement ran since the last {@link #clearExecutedMark()} (read-your-writes: did this session write?). */
    private boolean executedSinceMark;

    SessionState() {
    }

    /**
     * Whether a transaction is open: auto-commit is off (or unknown, after a failed {@code setAutoCommit}) and a
     * statement ran since the last commit, rollback or auto-commit change (or a {@code commit} failed). The
     * failover code uses it to choose between "redo the statement" and "redo the transaction".
     *
     * @return true if a transaction may be open on the current native connection
     */
    public boolean inTransaction() {
        return executedSinceTransactionEnd && !(isKnown(Attribute.AUTO_COMMIT) && autoCommit);
    }

    /**
     * Whether the application set this attribute, so that {@link #applyTo} re-applies it.
     *
     * @param attribute the attribute
     * @return true if the application set it on this logical connection
     */
    public boolean isSet(Attribute attribute) {
        return (set & attribute.bit) != 0;
    }

    /**
     * The attributes the application set.
     *
     * @return a new set, empty if the application set nothing
     */
    public Set<Attribute> setAttributes() {
        EnumSet<Attribute> result = EnumSet.noneOf(Attribute.class);
        for (Attribute a : Attribute.values()) {
            if (isSet(a)) {
                result.add(a);
            }
        }
        return result;
    }

    /**
     * The read-only mode the application asked for, which decides whether a failover may land on a reader.
     *
     * @return the value of the application's last {@code setReadOnly}, false if it never called it
     */
    public boolean isReadOnly() {
        return isSet(Attribute.READ_ONLY) && readOnly;
    }

    /**
     * Re-applies on {@code connection} exactly what the application set, and nothing when it set nothing. The
     * network timeout goes first so that the other calls are bounded by it; auto-commit goes last.
     *
     * @param connection a native connection, typically a new one replacing a failed one
     * @throws SQLException the native driver's exception if a setter fails
     */
    public void applyTo(Connection connection) throws SQLException {
        if (set == 0) {
            return;
        }
        if (isSet(Attribute.NETWORK_TIMEOUT)) {
            connection.setNetworkTimeout(networkTimeoutExecutor, networkTimeoutMillis);
        }
        if (isSet(Attribute.READ_ONLY)) {
            connection.setReadOnly(readOnly);
        }
        if (isSet(Attribute.TRANSACTION_ISOLATION)) {
            connection.setTransactionIsolation(transactionIsolation);
        }
        if (isSet(Attribute.CATALOG)) {
            connection.setCatalog(catalog);
        }
        if (isSet(Attribute.SCHEMA)) {
            connection.setSchema(schema);
        }
        if (isSet(Attribute.HOLDABILITY)) {
            connection.setHoldability(holdability);
        }
        if (isSet(Attribute.TYPE_MAP)) {
            connection.setTypeMap(typeMap);
        }
        if (isSet(Attribute.CLIENT_INFO)) {
            if (clientInfoReplacement != null) {
                connection.setClientInfo(copy(clientInfoReplacement));
            }
            if (clientInfoSets != null) {
                for (Map.Entry<String, String> e : clientInfoSets.entrySet()) {
                    connection.setClientInfo(e.getKey(), e.getValue());
                }
            }
        }
        if (isSet(Attribute.AUTO_COMMIT)) {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * What the current native connection is known to have, kept while another native connection of the same logical
     * connection is current (read/write splitting keeps the writer's and a reader's), so that switching back applies
     * only what changed meanwhile.
     *
     * @return an immutable copy of the known values
     */
    public Snapshot snapshot() {
        return new Snapshot(known, autoCommit, readOnly, transactionIsolation, catalog, schema, networkTimeoutMillis,
                networkTimeoutExecutor, holdability, typeMap,
                clientInfoKnown == null ? Map.of() : new HashMap<>(clientInfoKnown));
    }

    /**
     * Applies on {@code connection} what the application set and {@code had} (the connection's state when it was last
     * current) does not show with the same value; the same order as {@link #applyTo}.
     *
     * @param connection a native connection that was current before
     * @param had its {@link #snapshot()} from then
     * @throws SQLException the native driver's exception if a setter fails
     */
    public void applyDifference(Connection connection, Snapshot had) throws SQLException {
        if (set == 0) {
            return;
        }
        if (differs(had, Attribute.NETWORK_TIMEOUT,
                had.networkTimeoutMillis == networkTimeoutMillis && had.networkTimeoutExecutor == networkTimeoutExecutor)) {
            connection.setNetworkTimeout(networkTimeoutExecutor, networkTimeoutMillis);
        }
        if (differs(had, Attribute.READ_ONLY, had.readOnly == readOnly)) {
            connection.setReadOnly(readOnly);
        }
        if (differs(had, Attribute.TRANSACTION_ISOLATION, had.transactionIsolation == transactionIsolation)) {
            connection.setTransactionIsolation(transactionIsolation);
        }
        if (differs(had, Attribute.CATALOG, Objects.equals(had.catalog, catalog))) {
            connection.setCatalog(catalog);
        }
        if (differs(had, Attribute.SCHEMA, Objects.equals(had.schema, schema))) {
            connection.setSchema(schema);
        }
        if (differs(had, Attribute.HOLDABILITY, had.holdability == holdability)) {
            connection.setHoldability(holdability);
        }
        if (differs(had, Attribute.TYPE_MAP, had.typeMap == typeMap)) {
            connection.setTypeMap(typeMap);
        }
        if (isSet(Attribute.CLIENT_INFO)) {
            if (clientInfoReplacement != null && !had.clientInfo.equals(propertiesAsMap(clientInfoReplacement))) {
                connection.setClientInfo(copy(clientInfoReplacement));
            }
            if (clientInfoSets != null) {
                for (Map.Entry<String, String> e : clientInfoSets.entrySet()) {
                    if (!had.clientInfo.containsKey(e.getKey()) || !Objects.equals(had.clientInfo.get(e.getKey()), e.getValue())) {
                        connection.setClientInfo(e.getKey(), e.getValue());
                    }
                }
            }
        }
        if (differs(had, Attribute.AUTO_COMMIT, had.autoCommit == autoCommit)) {
            connection.setAutoCommit(autoCommit);
        }
    }

    private boolean differs(Snapshot had, Attribute attribute, boolean sameValue) {
        return isSet(attribute) && !((had.known & attribute.bit) != 0 && sameValue);
    }

    private static Map<String, String> propertiesAsMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    /** The known values of one native connection; see {@link #snapshot()}. */
    public static final class Snapshot {
        private final int known;
        private final boolean autoCommit;
        private final boolean readOnly;
        private final int transactionIsolation;
        private final String catalog;
        private final String schema;
        private final int networkTimeoutMillis;
        private final Executor networkTimeoutExecutor;
        private final int holdability;
        private final Map<String, Class<?>> typeMap;
        private final Map<String, String> clientInfo;

        @SuppressWarnings("checkstyle:ParameterNumber")
        private Snapshot(int known, boolean autoCommit, boolean readOnly, int transactionIsolation, String catalog,
                String schema, int networkTimeoutMillis, Executor networkTimeoutExecutor, int holdability,
                Map<String, Class<?>> typeMap, Map<String, String> clientInfo) {
            this.known = known;
            this.autoCommit = autoCommit;
            this.readOnly = readOnly;
            this.transactionIsolation = transactionIsolation;
            this.catalog = catalog;
            this.schema = schema;
            this.networkTimeoutMillis = networkTimeoutMillis;
            this.networkTimeoutExecutor = networkTimeoutExecutor;
            this.holdability = holdability;
            this.typeMap = typeMap;
            this.clientInfo = clientInfo;
        }
    }

    /** Names the attributes the application set; never their values. */
    @Override
    public String toString() {
        return "SessionState[set=" + setAttributes() + ", inTransaction=" + inTransaction() + "]";
    }

    // ---- used by the wrappers ----

    /** A statement is about to run (before the native call: if it fails, a transaction may have begun). */
    void executing() {
        executedSinceTransactionEnd = true;
        executedSinceMark = true;
    }

    /**
     * Whether a statement ran since the mark was last cleared (or since the connection was opened): read-your-writes
     * locates the session's writes only then.
     */
    public boolean executedSinceMark() {
        return executedSinceMark;
    }

    /** The session's writes so far are located: the next read-only period need not locate them again. */
    public void clearExecutedMark() {
        executedSinceMark = false;
    }

    /** A commit or rollback succeeded. */
    void transactionEnded() {
        executedSinceTransactionEnd = false;
    }

    /**
     * {@link #applyTo} succeeded on a new native connection, which replaced the old one: the known values are what
     * was applied (and the default auto-commit), and no transaction is open.
     */
    void physicalReplaced() {
        known = set | Attribute.AUTO_COMMIT.bit;
        if (!isSet(Attribute.AUTO_COMMIT)) {
            autoCommit = true;
        }
        if (!isSet(Attribute.READ_ONLY)) {
            readOnly = false;
        }
        clientInfoKnown = null;
        if (clientInfoReplacement != null) {
            for (String name : clientInfoReplacement.stringPropertyNames()) {
                clientInfoKnown().put(name, clientInfoReplacement.getProperty(name));
            }
        }
        if (clientInfoSets != null) {
            clientInfoKnown().putAll(clientInfoSets);
        }
        executedSinceTransactionEnd = false;
    }

    /** A native setter of {@code attribute} failed: its current value is unknown now. */
    void failed(Attribute attribute) {
        known &= ~attribute.bit;
        if (attribute == Attribute.CLIENT_INFO) {
            clientInfoKnown = null;
        }
    }

    boolean autoCommitUnchanged(boolean value) {
        return unchanged(Attribute.AUTO_COMMIT, autoCommit == value);
    }

    void autoCommitApplied(boolean value) {
        autoCommit = value;
        applied(Attribute.AUTO_COMMIT);
        executedSinceTransactionEnd = false;
    }

    void autoCommitObserved(boolean value) {
        autoCommit = value;
        observed(Attribute.AUTO_COMMIT);
    }

    boolean readOnlyUnchanged(boolean value) {
        return unchanged(Attribute.READ_ONLY, readOnly == value);
    }

    void readOnlyApplied(boolean value) {
        readOnly = value;
        applied(Attribute.READ_ONLY);
    }

    /** Read/write splitting: the application asked for {@code value}; the switch applies it on the target. */
    void readOnlyRequested(boolean value) {
        readOnly = value;
        set |= Attribute.READ_ONLY.bit;
        known &= ~Attribute.READ_ONLY.bit;
    }

    /** A switch failed: back to what {@code snapshot} (taken before it) knew, the application's setting kept. */
    void restore(Snapshot snapshot) {
        readOnly = snapshot.readOnly;
        known = snapshot.known;
    }

    void readOnlyObserved(boolean value) {
        readOnly = value;
        observed(Attribute.READ_ONLY);
    }

    boolean transactionIsolationUnchanged(int level) {
        return unchanged(Attribute.TRANSACTION_ISOLATION, transactionIsolation == level);
    }

    void transactionIsolationApplied(int level) {
        transactionIsolation = level;
        applied(Attribute.TRANSACTION_ISOLATION);
    }

    void transactionIsolationObserved(int level) {
        transactionIsolation = level;
        observed(Attribute.TRANSACTION_ISOLATION);
    }

    boolean catalogUnchanged(String value) {
        return unchanged(Attribute.CATALOG, Objects.equals(catalog, value));
    }

    void catalogApplied(String value) {
        catalog = value;
        applied(Attribute.CATALOG);
    }

    void catalogObserved(String value) {
        catalog = value;
        observed(Attribute.CATALOG);
    }

    boolean schemaUnchanged(String value) {
        return unchanged(Attribute.SCHEMA, Objects.equals(schema, value));
    }

    void schemaApplied(String value) {
        schema = value;
        applied(Attribute.SCHEMA);
    }

    void schemaObserved(String value) {
        schema = value;
        observed(Attribute.SCHEMA);
    }

    boolean holdabilityUnchanged(int value) {
        return unchanged(Attribute.HOLDABILITY, holdability == value);
    }

    void holdabilityApplied(int value) {
        holdability = value;
        applied(Attribute.HOLDABILITY);
    }

    void holdabilityObserved(int value) {
        holdability = value;
        observed(Attribute.HOLDABILITY);
    }

    boolean networkTimeoutUnchanged(Executor executor, int milliseconds) {
        return unchanged(Attribute.NETWORK_TIMEOUT,
                networkTimeoutMillis == milliseconds && networkTimeoutExecutor == executor);
    }

    void networkTimeoutApplied(Executor executor, int milliseconds) {
        networkTimeoutExecutor = executor;
        networkTimeoutMillis = milliseconds;
        applied(Attribute.NETWORK_TIMEOUT);
    }

    /** The native drivers keep the map they are given without a round trip: recorded, never skipped. */
    void typeMapApplied(Map<String, Class<?>> map) {
        typeMap = map;
        applied(Attribute.TYPE_MAP);
    }

    boolean clientInfoUnchanged(String name, String value) {
        if (clientInfoKnown != null && clientInfoKnown.containsKey(name)
                && Objects.equals(clientInfoKnown.get(name), value)) {
            clientInfoSets().put(name, value);
            set |= Attribute.CLIENT_INFO.bit;
            return true;
        }
        return false;
    }

    void clientInfoApplied(String name, String value) {
        clientInfoSets().put(name, value);
        clientInfoKnown().put(name, value);
        set |= Attribute.CLIENT_INFO.bit;
    }

    void clientInfoApplied(Properties properties) {
        clientInfoReplacement = properties == null ? new Properties() : copy(properties);
        clientInfoSets = null;
        clientInfoKnown = null;
        for (String name : clientInfoReplacement.stringPropertyNames()) {
            clientInfoKnown().put(name, clientInfoReplacement.getProperty(name));
        }
        set |= Attribute.CLIENT_INFO.bit;
    }

    void clientInfoObserved(String name, String value) {
        clientInfoKnown().put(name, value);
    }

    private boolean isKnown(Attribute attribute) {
        return (known & attribute.bit) != 0;
    }

    /** True (and the attribute counts as set) when its current value is known and equal to the new one. */
    private boolean unchanged(Attribute attribute, boolean equalToCurrent) {
        if (equalToCurrent && isKnown(attribute)) {
            set |= attribute.bit;
            return true;
        }
        return false;
    }

    private void applied(Attribute attribute) {
        set |= attribute.bit;
        known |= attribute.bit;
    }

    private void observed(Attribute attribute) {
        known |= attribute.bit;
    }

    private Map<String, String> clientInfoSets() {
        if (clientInfoSets == null) {
            clientInfoSets = new LinkedHashMap<>();
        }
        return clientInfoSets;
    }

    private Map<String, String> clientInfoKnown() {
        if (clientInfoKnown == null) {
            clientInfoKnown = new HashMap<>();
        }
        return clientInfoKnown;
    }

    /** A copy including the defaults of {@code properties}, so that later changes by the application do not leak in. */
    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        for (String name : properties.stringPropertyNames()) {
            copy.setProperty(name, properties.getProperty(name));
        }
        return copy;
    }
}
