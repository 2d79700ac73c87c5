package dev.aurorajdbc.driver.conformance;

import static dev.aurorajdbc.driver.conformance.Canon.columns;
import static dev.aurorajdbc.driver.conformance.Canon.counts;
import static dev.aurorajdbc.driver.conformance.Canon.hex;
import static dev.aurorajdbc.driver.conformance.Canon.identity;
import static dev.aurorajdbc.driver.conformance.Canon.outcome;
import static dev.aurorajdbc.driver.conformance.Canon.outcomeAnyFailure;
import static dev.aurorajdbc.driver.conformance.Canon.outcomeState;
import static dev.aurorajdbc.driver.conformance.Canon.rows;
import static dev.aurorajdbc.driver.conformance.Canon.text;
import static dev.aurorajdbc.driver.conformance.Canon.value;
import static dev.aurorajdbc.driver.conformance.Canon.warnings;

import dev.aurorajdbc.testcluster.Engine;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * The steps of the conformance suite for one engine: DDL, DML through Statement, PreparedStatement with the common
 * types and reuse, batches, CallableStatement, generated keys, result-set and database metadata, LOBs,
 * transactions, savepoints, isolation levels, the read-only flag, warnings, {@code unwrap}, the identity of the
 * objects' parents, and closing.
 *
 * <p>Every step restores the connection's state (auto-commit on, read-write, the engine's default isolation) and
 * closes what it opened, so a step's result does not depend on how the steps before it went. Expected failures are
 * observed with {@link Canon#outcome}; anything else a step throws is a crash.
 */
final class ConformanceSteps {

    private static final byte[] BYTES = {0, 1, 2, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    private static final String TEXT = "héllo wörld ✓ – \"quoted\" 'single' \\ back";
    private static final BigDecimal PRICE = new BigDecimal("12345.6789");
    private static final long BIG = 9_007_199_254_740_993L;
    private static final Date DAY = Date.valueOf("2024-02-29");
    private static final Timestamp STAMP = Timestamp.valueOf("2024-02-29 13:45:56.789");
    private static final String ALL_TYPES = "qty, big, price, note, flag, born, seen, data";

    private final Engine engine;
    private final boolean pg;
    private final List<Step> steps = new ArrayList<>();

    private ConformanceSteps(Engine engine) {
        this.engine = engine;
        this.pg = engine == Engine.POSTGRESQL;
    }

    /**
     * The suite for one engine.
     *
     * @param engine the engine of the cluster the suite runs on
     * @return the suite
     */
    static ConformanceSuite suite(Engine engine) {
        ConformanceSteps s = new ConformanceSteps(engine);
        s.ddl();
        s.statements();
        s.prepared();
        s.resultSetMetaData();
        s.batches();
        s.callable();
        s.generatedKeys();
        s.databaseMetaData();
        s.lobs();
        s.transactions();
        s.savepoints();
        s.isolation();
        s.readOnly();
        s.warningChains();
        s.unwrap();
        s.identities();
        s.closing();
        s.add("ddl.drop-all", (c, x) -> {
            List<Object> counts = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                for (String sql : s.dropSql()) {
                    counts.add(st.executeUpdate(sql));
                }
            }
            return counts;
        });
        return new ConformanceSuite(s.dropSql(), s.steps);
    }

    private void add(String name, Step.Action action) {
        steps.add(new Step(name, action));
    }

    private List<String> dropSql() {
        return pg
                ? List.of("DROP VIEW IF EXISTS conf_item_view", "DROP FUNCTION IF EXISTS conf_add",
                        "DROP FUNCTION IF EXISTS conf_names", "DROP PROCEDURE IF EXISTS conf_proc",
                        "DROP TABLE IF EXISTS conf_item", "DROP TABLE IF EXISTS conf_lob",
                        "DROP TABLE IF EXISTS conf_scratch")
                : List.of("DROP VIEW IF EXISTS conf_item_view", "DROP PROCEDURE IF EXISTS conf_list",
                        "DROP PROCEDURE IF EXISTS conf_proc", "DROP TABLE IF EXISTS conf_item",
                        "DROP TABLE IF EXISTS conf_lob", "DROP TABLE IF EXISTS conf_scratch");
    }

    // ------------------------------------------------------------------------------------------------------ DDL

    private void ddl() {
        add("ddl.create-table", (c, x) -> update(c, pg
                ? "CREATE TABLE conf_item (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE, qty INTEGER,"
                        + " big BIGINT, price NUMERIC(12,4), note TEXT, flag BOOLEAN, born DATE, seen TIMESTAMP(3),"
                        + " data BYTEA)"
                : "CREATE TABLE conf_item (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE,"
                        + " qty INT, big BIGINT, price DECIMAL(12,4), note TEXT, flag BOOLEAN, born DATE,"
                        + " seen DATETIME(3), data LONGBLOB) ENGINE=InnoDB"));
        add("ddl.create-lob-table", (c, x) -> update(c, pg
                ? "CREATE TABLE conf_lob (id INTEGER PRIMARY KEY, doc OID, body OID)"
                : "CREATE TABLE conf_lob (id INT PRIMARY KEY, doc LONGBLOB, body LONGTEXT) ENGINE=InnoDB"));
        add("ddl.alter-table-add-column", (c, x) -> update(c, "ALTER TABLE conf_item ADD COLUMN extra VARCHAR(10)"));
        add("ddl.alter-table-drop-column", (c, x) -> update(c, "ALTER TABLE conf_item DROP COLUMN extra"));
        add("ddl.create-index", (c, x) -> update(c, "CREATE INDEX conf_item_qty ON conf_item (qty)"));
        add("ddl.create-view", (c, x) -> update(c,
                "CREATE VIEW conf_item_view AS SELECT name, qty FROM conf_item WHERE qty > 0"));
        add("ddl.create-and-drop-table", (c, x) -> List.of(
                update(c, "CREATE TABLE conf_scratch (k INTEGER)"), update(c, "DROP TABLE conf_scratch")));
        add("ddl.create-existing-table", (c, x) -> outcome(() -> update(c, "CREATE TABLE conf_item (k INTEGER)")));
        add("ddl.create-routines", (c, x) -> {
            List<Object> counts = new ArrayList<>();
            if (pg) {
                counts.add(update(c, "CREATE FUNCTION conf_add(a INTEGER) RETURNS INTEGER LANGUAGE SQL"
                        + " AS $$ SELECT a + 1 $$"));
                counts.add(update(c, "CREATE FUNCTION conf_names(minqty INTEGER) RETURNS SETOF VARCHAR"
                        + " LANGUAGE SQL AS $$ SELECT name FROM conf_item WHERE qty >= minqty ORDER BY name $$"));
                counts.add(update(c, "CREATE PROCEDURE conf_proc(IN a INTEGER, INOUT b INTEGER) LANGUAGE plpgsql"
                        + " AS $$ BEGIN b := a + 1; END $$"));
            } else {
                counts.add(update(c, "CREATE PROCEDURE conf_proc(IN a INT, OUT b INT) BEGIN SET b = a + 1; END"));
                counts.add(update(c, "CREATE PROCEDURE conf_list(IN minqty INT)"
                        + " SELECT name FROM conf_item WHERE qty >= minqty ORDER BY name"));
            }
            return counts;
        });
    }

    // ------------------------------------------------------------------------------------------ Statement DML

    private void statements() {
        add("statement.executeUpdate-insert", (c, x) -> update(c,
                "INSERT INTO conf_item (name, qty) VALUES ('a', 1), ('b', 2), ('c', 3)"));
        add("statement.executeUpdate-update", (c, x) -> update(c, "UPDATE conf_item SET qty = qty + 10 WHERE qty >= 2"));
        add("statement.executeUpdate-no-rows", (c, x) -> update(c, "UPDATE conf_item SET qty = 0 WHERE name = 'zz'"));
        add("statement.execute-update", (c, x) -> {
            try (Statement st = c.createStatement()) {
                boolean isResultSet = st.execute("UPDATE conf_item SET big = 7 WHERE name = 'a'");
                return List.of(isResultSet, st.getUpdateCount(), String.valueOf(st.getResultSet()),
                        st.getMoreResults(), st.getUpdateCount());
            }
        });
        add("statement.execute-query", (c, x) -> {
            try (Statement st = c.createStatement()) {
                boolean isResultSet = st.execute("SELECT name, qty, big FROM conf_item ORDER BY name");
                int count = st.getUpdateCount();
                ResultSet rs = st.getResultSet();
                String parent = identity(rs.getStatement(), st);
                return List.of(isResultSet, count, parent, rows(rs), st.getMoreResults(), st.getUpdateCount());
            }
        });
        add("statement.executeQuery", (c, x) -> {
            try (Statement st = c.createStatement()) {
                return rows(st.executeQuery("SELECT * FROM conf_item_view ORDER BY name"));
            }
        });
        add("statement.executeLargeUpdate", (c, x) -> {
            try (Statement st = c.createStatement()) {
                return st.executeLargeUpdate("UPDATE conf_item SET big = 8 WHERE big IS NULL");
            }
        });
        add("statement.maxRows", (c, x) -> {
            try (Statement st = c.createStatement()) {
                st.setMaxRows(2);
                return List.of(st.getMaxRows(), rows(st.executeQuery("SELECT name FROM conf_item ORDER BY name")));
            }
        });
        add("statement.delete", (c, x) -> update(c, "DELETE FROM conf_item WHERE name = 'c'"));
        add("statement.syntax-error", (c, x) -> outcome(() -> update(c, "UPDATE conf_item SETT qty = 1")));
        add("statement.unknown-table", (c, x) -> outcome(() -> rowsOf(c, "SELECT * FROM conf_absent")));
        add("statement.unique-violation", (c, x) -> outcome(() -> update(c,
                "INSERT INTO conf_item (name) VALUES ('a')")));
        add("statement.not-null-violation", (c, x) -> outcome(() -> update(c,
                "INSERT INTO conf_item (qty) VALUES (1)")));
        add("statement.executeQuery-with-update", (c, x) -> {
            Object outcome = outcome(() -> {
                try (Statement st = c.createStatement()) {
                    return rows(st.executeQuery("UPDATE conf_item SET qty = qty WHERE name = 'zz'"));
                }
            });
            return List.of(outcome, rowsOf(c, "SELECT name, qty FROM conf_item ORDER BY name"));
        });
        if (pg) {
            add("statement.multiple-results", (c, x) -> {
                try (Statement st = c.createStatement()) {
                    boolean first = st.execute("UPDATE conf_item SET qty = qty WHERE name = 'a';"
                            + " SELECT name FROM conf_item ORDER BY name");
                    int count = st.getUpdateCount();
                    boolean second = st.getMoreResults();
                    List<String> rows = rows(st.getResultSet());
                    return List.of(first, count, second, rows, st.getMoreResults(), st.getUpdateCount());
                }
            });
        }
    }

    // -------------------------------------------------------------------------------------- PreparedStatement

    private void prepared() {
        String insert = "INSERT INTO conf_item (name, " + ALL_TYPES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        add("prepared.insert-every-type", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, "typed");
                ps.setInt(2, 42);
                ps.setLong(3, BIG);
                ps.setBigDecimal(4, PRICE);
                ps.setString(5, TEXT);
                ps.setBoolean(6, true);
                ps.setDate(7, DAY);
                ps.setTimestamp(8, STAMP);
                ps.setBytes(9, BYTES);
                return ps.executeUpdate();
            }
        });
        add("prepared.insert-null-setters", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, "nulls");
                ps.setNull(2, Types.INTEGER);
                ps.setNull(3, Types.BIGINT);
                ps.setNull(4, Types.NUMERIC);
                ps.setNull(5, Types.VARCHAR);
                ps.setNull(6, Types.BOOLEAN);
                ps.setNull(7, Types.DATE);
                ps.setNull(8, Types.TIMESTAMP);
                ps.setNull(9, Types.VARBINARY);
                return ps.executeUpdate();
            }
        });
        add("prepared.insert-setObject", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, "objects");
                ps.setObject(2, 43);
                ps.setObject(3, BIG + 1);
                ps.setObject(4, PRICE.negate());
                ps.setObject(5, "plain");
                ps.setObject(6, Boolean.FALSE);
                ps.setObject(7, LocalDate.of(1999, 12, 31));
                ps.setObject(8, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123_000_000));
                ps.setObject(9, new byte[0]);
                return ps.executeUpdate();
            }
        });
        add("prepared.typed-getters", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, " + ALL_TYPES + " FROM conf_item WHERE name IN (?, ?, ?) ORDER BY name")) {
                ps.setString(1, "typed");
                ps.setString(2, "nulls");
                ps.setString(3, "objects");
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(typedRow(rs));
                    }
                }
                return rows;
            }
        });
        add("prepared.getObject", (c, x) -> rowsOf(c,
                "SELECT name, " + ALL_TYPES + " FROM conf_item WHERE name IN ('typed', 'nulls', 'objects')"
                        + " ORDER BY name"));
        add("prepared.getObject-as-class", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT qty, big, price, born, seen FROM conf_item WHERE name = ?")) {
                ps.setString(1, "objects");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return List.of(value(rs.getObject(1, Integer.class)), value(rs.getObject(2, Long.class)),
                            value(rs.getObject(3, BigDecimal.class)), value(rs.getObject(4, LocalDate.class)),
                            value(rs.getObject(5, LocalDateTime.class)));
                }
            }
        });
        add("prepared.reuse", (c, x) -> {
            List<Object> results = new ArrayList<>();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ins.setString(1, "reuse-" + i);
                    ins.setInt(2, 100 + i);
                    results.add(ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT name, qty FROM conf_item WHERE qty >= ?"
                    + " ORDER BY qty")) {
                for (int min : new int[] {102, 103, 104, 101}) {
                    sel.setInt(1, min);
                    results.add(rows(sel.executeQuery()));
                }
            }
            return results;
        });
        add("prepared.clearParameters-then-execute", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM conf_item WHERE qty = ?")) {
                ps.setInt(1, 101);
                List<String> before = rows(ps.executeQuery());
                ps.clearParameters();
                return List.of(before, outcome(() -> rows(ps.executeQuery())));
            }
        });
        add("prepared.parameter-metadata", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM conf_item WHERE qty = ? AND name = ?")) {
                return ps.getParameterMetaData().getParameterCount();
            }
        });
        add("prepared.metadata-before-execute", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, qty FROM conf_item WHERE qty = ?")) {
                return outcome(() -> {
                    var md = ps.getMetaData();
                    return md == null ? "null" : columns(md);
                });
            }
        });
    }

    /** Every column of the all-types select through its typed getter, each followed by wasNull(). */
    private static String typedRow(ResultSet rs) throws Exception {
        StringBuilder s = new StringBuilder(rs.getString("name"));
        s.append(" qty=").append(rs.getInt("qty")).append('/').append(rs.wasNull());
        s.append(" big=").append(rs.getLong("big")).append('/').append(rs.wasNull());
        s.append(" price=").append(rs.getBigDecimal("price")).append('/').append(rs.wasNull());
        s.append(" note=").append(rs.getString("note")).append('/').append(rs.wasNull());
        s.append(" flag=").append(rs.getBoolean("flag")).append('/').append(rs.wasNull());
        s.append(" born=").append(rs.getDate("born")).append('/').append(rs.wasNull());
        s.append(" seen=").append(rs.getTimestamp("seen")).append('/').append(rs.wasNull());
        s.append(" data=").append(hex(rs.getBytes("data"))).append('/').append(rs.wasNull());
        s.append(" data-stream=").append(hex(rs.getBinaryStream("data")));
        s.append(" note-stream=").append(text(rs.getCharacterStream("note")));
        return s.toString();
    }

    // ------------------------------------------------------------------------------------ result-set metadata

    private void resultSetMetaData() {
        add("resultset.metadata", (c, x) -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, name AS label, " + ALL_TYPES + " FROM conf_item")) {
                return columns(rs.getMetaData());
            }
        });
        add("resultset.metadata-of-view", (c, x) -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM conf_item_view")) {
                return columns(rs.getMetaData());
            }
        });
        add("resultset.findColumn-and-unknown-column", (c, x) -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, qty FROM conf_item ORDER BY name")) {
                rs.next();
                return List.of(rs.findColumn("QTY"), outcome(() -> rs.getString("nope")));
            }
        });
        add("resultset.scroll-and-position", (c, x) -> {
            try (Statement st = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
                    ResultSet rs = st.executeQuery("SELECT name FROM conf_item ORDER BY name")) {
                List<Object> seen = new ArrayList<>();
                seen.add(rs.getType());
                seen.add(rs.isBeforeFirst());
                seen.add(rs.last());
                seen.add(rs.getRow());
                seen.add(rs.getString(1));
                seen.add(rs.absolute(2));
                seen.add(rs.getString(1));
                seen.add(rs.previous());
                seen.add(rs.isFirst());
                return seen;
            }
        });
    }

    // ----------------------------------------------------------------------------------------------- batches

    private void batches() {
        add("batch.statement", (c, x) -> {
            try (Statement st = c.createStatement()) {
                st.addBatch("INSERT INTO conf_item (name, qty) VALUES ('batch-1', 201)");
                st.addBatch("UPDATE conf_item SET qty = qty + 1 WHERE name LIKE 'reuse-%'");
                st.addBatch("DELETE FROM conf_item WHERE name = 'zz'");
                return counts(st.executeBatch());
            }
        });
        add("batch.prepared", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)")) {
                for (int i = 2; i <= 4; i++) {
                    ps.setString(1, "batch-" + i);
                    ps.setInt(2, 200 + i);
                    ps.addBatch();
                }
                return counts(ps.executeBatch());
            }
        });
        add("batch.executeLargeBatch", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE conf_item SET big = ? WHERE name = ?")) {
                ps.setLong(1, BIG);
                ps.setString(2, "batch-2");
                ps.addBatch();
                ps.setLong(1, BIG);
                ps.setString(2, "nobody");
                ps.addBatch();
                return counts(ps.executeLargeBatch());
            }
        });
        add("batch.clearBatch", (c, x) -> {
            try (Statement st = c.createStatement()) {
                st.addBatch("DELETE FROM conf_item");
                st.clearBatch();
                return counts(st.executeBatch());
            }
        });
        add("batch.failing-entry", (c, x) -> {
            Object outcome;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)")) {
                for (String name : new String[] {"fail-1", "a", "fail-3"}) {
                    ps.setString(1, name);
                    ps.setInt(2, 300);
                    ps.addBatch();
                }
                outcome = outcome(() -> counts(ps.executeBatch()));
            }
            return List.of(outcome, rowsOf(c, "SELECT name FROM conf_item WHERE qty = 300 ORDER BY name"));
        });
        add("batch.failing-entry-in-transaction", (c, x) -> {
            c.setAutoCommit(false);
            try {
                Object outcome;
                try (Statement st = c.createStatement()) {
                    st.addBatch("INSERT INTO conf_item (name, qty) VALUES ('txfail-1', 301)");
                    st.addBatch("INSERT INTO conf_item (name, qty) VALUES ('a', 301)");
                    st.addBatch("INSERT INTO conf_item (name, qty) VALUES ('txfail-3', 301)");
                    outcome = outcome(() -> counts(st.executeBatch()));
                }
                c.rollback();
                return List.of(outcome, rowsOf(c, "SELECT name FROM conf_item WHERE qty = 301"));
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    // ------------------------------------------------------------------------------------- CallableStatement

    private void callable() {
        if (pg) {
            add("callable.function-return-value", (c, x) -> {
                try (CallableStatement cs = c.prepareCall("{? = call conf_add(?)}")) {
                    cs.registerOutParameter(1, Types.INTEGER);
                    cs.setInt(2, 41);
                    boolean isResultSet = cs.execute();
                    return List.of(isResultSet, cs.getInt(1), cs.wasNull());
                }
            });
            add("callable.procedure-inout", (c, x) -> {
                try (CallableStatement cs = c.prepareCall("call conf_proc(?, ?)")) {
                    cs.setInt(1, 6);
                    cs.setNull(2, Types.INTEGER);
                    cs.registerOutParameter(2, Types.INTEGER);
                    cs.execute();
                    return List.of(cs.getInt(2), value(cs.getObject(2)));
                }
            });
        } else {
            add("callable.procedure-out", (c, x) -> {
                try (CallableStatement cs = c.prepareCall("{call conf_proc(?, ?)}")) {
                    cs.setInt(1, 6);
                    cs.registerOutParameter(2, Types.INTEGER);
                    cs.execute();
                    return List.of(cs.getInt(2), value(cs.getObject(2)), cs.getUpdateCount());
                }
            });
        }
        add("callable.reuse", (c, x) -> {
            List<Object> results = new ArrayList<>();
            try (CallableStatement cs = c.prepareCall(pg ? "{? = call conf_add(?)}" : "{call conf_proc(?, ?)}")) {
                int out = pg ? 1 : 2;
                int in = pg ? 2 : 1;
                cs.registerOutParameter(out, Types.INTEGER);
                for (int i = 0; i < 3; i++) {
                    cs.setInt(in, i * 10);
                    cs.execute();
                    results.add(cs.getInt(out));
                }
            }
            return results;
        });
        add("callable.result-set", (c, x) -> {
            try (CallableStatement cs = c.prepareCall(pg ? "{call conf_names(?)}" : "{call conf_list(?)}")) {
                cs.setInt(1, 200);
                ResultSet rs = cs.executeQuery();
                return List.of(identity(rs.getStatement(), cs), rows(rs));
            }
        });
        add("callable.unknown-routine", (c, x) -> outcome(() -> {
            try (CallableStatement cs = c.prepareCall("{call conf_absent(?)}")) {
                cs.setInt(1, 1);
                return cs.execute();
            }
        }));
    }

    // ----------------------------------------------------------------------------------------- generated keys

    private void generatedKeys() {
        add("keys.statement-RETURN_GENERATED_KEYS", (c, x) -> {
            try (Statement st = c.createStatement()) {
                int count = st.executeUpdate("INSERT INTO conf_item (name, qty) VALUES ('key-1', 401)",
                        Statement.RETURN_GENERATED_KEYS);
                ResultSet keys = st.getGeneratedKeys();
                return List.of(count, identity(keys.getStatement(), st), rows(keys));
            }
        });
        add("keys.statement-execute-RETURN_GENERATED_KEYS", (c, x) -> {
            try (Statement st = c.createStatement()) {
                boolean isResultSet = st.execute("INSERT INTO conf_item (name, qty) VALUES ('key-2', 402)",
                        Statement.RETURN_GENERATED_KEYS);
                return List.of(isResultSet, st.getUpdateCount(), rows(st.getGeneratedKeys()));
            }
        });
        add("keys.statement-column-names", (c, x) -> {
            try (Statement st = c.createStatement()) {
                int count = st.executeUpdate("INSERT INTO conf_item (name, qty) VALUES ('key-3', 403)",
                        new String[] {"id"});
                return List.of(count, rows(st.getGeneratedKeys()));
            }
        });
        add("keys.prepared-RETURN_GENERATED_KEYS", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "key-4");
                ps.setInt(2, 404);
                int count = ps.executeUpdate();
                ResultSet keys = ps.getGeneratedKeys();
                return List.of(count, identity(keys.getStatement(), ps), rows(keys));
            }
        });
        add("keys.prepared-column-names", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, "key-5");
                ps.setInt(2, 405);
                return List.of(ps.executeUpdate(), rows(ps.getGeneratedKeys()));
            }
        });
        add("keys.prepared-column-indexes", (c, x) -> outcome(() -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)",
                    new int[] {1})) {
                ps.setString(1, "key-6");
                ps.setInt(2, 406);
                return List.of(ps.executeUpdate(), rows(ps.getGeneratedKeys()));
            }
        }));
        add("keys.batch-RETURN_GENERATED_KEYS", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_item (name, qty) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 7; i <= 8; i++) {
                    ps.setString(1, "key-" + i);
                    ps.setInt(2, 400 + i);
                    ps.addBatch();
                }
                return List.of(counts(ps.executeBatch()), rows(ps.getGeneratedKeys()));
            }
        });
        add("keys.without-request", (c, x) -> {
            try (Statement st = c.createStatement()) {
                int count = st.executeUpdate("INSERT INTO conf_item (name, qty) VALUES ('key-9', 409)");
                return List.of(count, outcome(() -> rows(st.getGeneratedKeys())));
            }
        });
    }

    // ----------------------------------------------------------------------------------- database metadata

    private void databaseMetaData() {
        add("dbmeta.product-and-capabilities", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return List.of(md.getDatabaseProductName(), md.getDatabaseProductVersion(), md.getDriverName(),
                    md.getDriverVersion(), md.getJDBCMajorVersion(), md.getUserName(),
                    md.getIdentifierQuoteString(), md.supportsBatchUpdates(), md.supportsSavepoints(),
                    md.supportsGetGeneratedKeys(), md.supportsTransactions(), md.getDefaultTransactionIsolation(),
                    md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE),
                    md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE), md.storesLowerCaseIdentifiers(),
                    md.isReadOnly());
        });
        add("dbmeta.getTables", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return rows(md.getTables(catalog(c), schema(), "conf%", new String[] {"TABLE", "VIEW"}),
                    "TABLE_NAME", "TABLE_TYPE");
        });
        add("dbmeta.getColumns", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return rows(md.getColumns(catalog(c), schema(), "conf_item", "%"), "COLUMN_NAME", "DATA_TYPE",
                    "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "ORDINAL_POSITION", "IS_AUTOINCREMENT");
        });
        add("dbmeta.getPrimaryKeys", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return rows(md.getPrimaryKeys(catalog(c), schema(), "conf_item"), "TABLE_NAME", "COLUMN_NAME",
                    "KEY_SEQ");
        });
        add("dbmeta.getIndexInfo", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return rows(md.getIndexInfo(catalog(c), schema(), "conf_item", false, false), "INDEX_NAME",
                    "COLUMN_NAME", "NON_UNIQUE", "ORDINAL_POSITION");
        });
        add("dbmeta.getProcedures", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return rows(md.getProcedures(catalog(c), schema(), "conf%"), "PROCEDURE_NAME", "PROCEDURE_TYPE");
        });
        add("dbmeta.catalog-and-schema", (c, x) -> List.of(String.valueOf(c.getCatalog()),
                String.valueOf(c.getSchema())));
    }

    private String catalog(Connection c) throws SQLException {
        return pg ? null : c.getCatalog();
    }

    private String schema() {
        return pg ? "public" : null;
    }

    // --------------------------------------------------------------------------------------------------- LOBs

    private void lobs() {
        add("lob.streams", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO conf_item (name, note, data) VALUES (?, ?, ?)")) {
                ps.setString(1, "streams");
                ps.setCharacterStream(2, new StringReader(TEXT), TEXT.length());
                ps.setBinaryStream(3, new ByteArrayInputStream(BYTES), BYTES.length);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT note, data FROM conf_item WHERE name = 'streams'")) {
                rs.next();
                return List.of(text(rs.getCharacterStream(1)), hex(rs.getBinaryStream(2)));
            }
        });
        add("lob.streams-without-length", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE conf_item SET note = ?, data = ? WHERE name = ?")) {
                ps.setCharacterStream(1, new StringReader(TEXT + TEXT));
                ps.setBinaryStream(2, new ByteArrayInputStream(BYTES));
                ps.setString(3, "streams");
                return List.of(ps.executeUpdate(),
                        rowsOf(c, "SELECT note, data FROM conf_item WHERE name = 'streams'"));
            }
        });
        add("lob.createBlob-createClob", (c, x) -> List.of(
                outcome(() -> {
                    Blob b = c.createBlob();
                    int written = b.setBytes(1, BYTES);
                    return List.of(written, b.length(), hex(b.getBytes(1, (int) b.length())));
                }),
                outcome(() -> {
                    Clob cl = c.createClob();
                    int written = cl.setString(1, TEXT);
                    return List.of(written, cl.length(), cl.getSubString(1, (int) cl.length()));
                })));
        add("lob.write-and-read", (c, x) -> {
            // PostgreSQL keeps BLOB/CLOB as large objects, which live in a transaction.
            c.setAutoCommit(false);
            try {
                List<Object> seen = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO conf_lob (id, doc, body) VALUES (?, ?, ?)")) {
                    ps.setInt(1, 1);
                    if (pg) {
                        // pgjdbc has no setClob(int, Reader): the CLOB's large object is written through the
                        // native API, which unwrap() must reach.
                        ps.setBlob(2, new ByteArrayInputStream(BYTES));
                        LargeObjectManager api = c.unwrap(PGConnection.class).getLargeObjectAPI();
                        long oid = api.createLO();
                        LargeObject lo = api.open(oid);
                        try {
                            lo.write(TEXT.getBytes(StandardCharsets.UTF_8));
                        } finally {
                            lo.close();
                        }
                        ps.setLong(3, oid);
                    } else {
                        Blob b = c.createBlob();
                        b.setBytes(1, BYTES);
                        Clob cl = c.createClob();
                        cl.setString(1, TEXT);
                        ps.setBlob(2, b);
                        ps.setClob(3, cl);
                    }
                    seen.add(ps.executeUpdate());
                }
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT doc, body FROM conf_lob WHERE id = 1")) {
                    rs.next();
                    Blob b = rs.getBlob(1);
                    seen.add(b.length());
                    seen.add(hex(b.getBytes(1, (int) b.length())));
                    seen.add(hex(b.getBinaryStream()));
                    seen.add(outcome(() -> hex(b.getBinaryStream(2, 3))));
                    seen.add(outcome(() -> b.position(new byte[] {0x7f, (byte) 0x80}, 1)));
                    Clob cl = rs.getClob(2);
                    seen.add(cl.length());
                    seen.add(cl.getSubString(1, (int) cl.length()));
                    seen.add(outcome(() -> text(cl.getCharacterStream())));
                    seen.add(outcome(() -> cl.position("w", 1)));
                    b.free();
                    cl.free();
                }
                if (pg) {
                    seen.add(rowsOf(c, "SELECT lo_unlink(doc) AS d, lo_unlink(body) AS b FROM conf_lob"));
                }
                c.commit();
                return seen;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ transactions

    private void transactions() {
        add("tx.autocommit-default", (c, x) -> c.getAutoCommit());
        add("tx.rollback", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            try (Connection other = x.open()) {
                c.setAutoCommit(false);
                seen.add(c.getAutoCommit());
                seen.add(update(c, "INSERT INTO conf_item (name, qty) VALUES ('tx-rolled-back', 501)"));
                seen.add(count(c, "qty = 501"));
                seen.add(count(other, "qty = 501"));
                c.rollback();
                seen.add(count(c, "qty = 501"));
                c.setAutoCommit(true);
                seen.add(c.getAutoCommit());
            }
            return seen;
        });
        add("tx.commit-visibility", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            try (Connection other = x.open()) {
                c.setAutoCommit(false);
                seen.add(update(c, "INSERT INTO conf_item (name, qty) VALUES ('tx-committed', 502)"));
                seen.add(update(c, "UPDATE conf_item SET qty = 503 WHERE name = 'tx-committed'"));
                seen.add(count(other, "qty IN (502, 503)"));
                c.commit();
                seen.add(count(other, "qty = 503"));
                c.setAutoCommit(true);
            }
            return seen;
        });
        add("tx.setAutoCommit-true-commits", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            try (Connection other = x.open()) {
                c.setAutoCommit(false);
                seen.add(update(c, "INSERT INTO conf_item (name, qty) VALUES ('tx-switch', 504)"));
                seen.add(count(other, "qty = 504"));
                c.setAutoCommit(true);
                seen.add(count(other, "qty = 504"));
            }
            return seen;
        });
        add("tx.commit-and-rollback-in-autocommit", (c, x) -> List.of(
                outcome(() -> {
                    c.commit();
                    return "committed";
                }),
                outcome(() -> {
                    c.rollback();
                    return "rolled back";
                })));
        add("tx.error-inside-transaction", (c, x) -> {
            c.setAutoCommit(false);
            try {
                List<Object> seen = new ArrayList<>();
                seen.add(update(c, "INSERT INTO conf_item (name, qty) VALUES ('tx-error', 505)"));
                seen.add(outcome(() -> update(c, "INSERT INTO conf_item (name, qty) VALUES ('a', 505)")));
                seen.add(outcome(() -> count(c, "qty = 505")));
                c.rollback();
                seen.add(count(c, "qty = 505"));
                return seen;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    // -------------------------------------------------------------------------------------------- savepoints

    private void savepoints() {
        add("savepoint.set-rollback-release", (c, x) -> {
            c.setAutoCommit(false);
            try {
                List<Object> seen = new ArrayList<>();
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('sp-a', 601)");
                Savepoint named = c.setSavepoint("conf_sp");
                seen.add(named.getSavepointName());
                seen.add(outcome(named::getSavepointId));
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('sp-b', 601)");
                c.rollback(named);
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('sp-c', 601)");
                Savepoint unnamed = c.setSavepoint();
                seen.add(outcome(unnamed::getSavepointId));
                // Connector/J names an unnamed savepoint with a random UUID: only whether there is a name counts.
                seen.add(outcome(() -> unnamed.getSavepointName() != null));
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('sp-d', 601)");
                c.releaseSavepoint(unnamed);
                seen.add(outcome(() -> {
                    c.rollback(unnamed);
                    return "rolled back to a released savepoint";
                }));
                c.commit();
                seen.add(rowsOf(c, "SELECT name FROM conf_item WHERE qty = 601 ORDER BY name"));
                return seen;
            } finally {
                c.setAutoCommit(true);
            }
        });
        add("savepoint.nested", (c, x) -> {
            c.setAutoCommit(false);
            try {
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('nest-1', 602)");
                Savepoint outer = c.setSavepoint("outer_sp");
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('nest-2', 602)");
                c.setSavepoint("inner_sp");
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('nest-3', 602)");
                c.rollback(outer);
                c.commit();
                return rowsOf(c, "SELECT name FROM conf_item WHERE qty = 602 ORDER BY name");
            } finally {
                c.setAutoCommit(true);
            }
        });
        add("savepoint.in-autocommit", (c, x) -> outcome(() -> {
            Savepoint sp = c.setSavepoint("auto_sp");
            return "set " + sp.getSavepointName();
        }));
    }

    // ----------------------------------------------------------------------------------------------- isolation

    private void isolation() {
        add("isolation.default", (c, x) -> List.of(c.getTransactionIsolation(), serverIsolation(c)));
        add("isolation.set-each-level", (c, x) -> {
            int initial = c.getTransactionIsolation();
            List<Object> seen = new ArrayList<>();
            try {
                for (int level : new int[] {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_READ_COMMITTED,
                        Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
                        Connection.TRANSACTION_REPEATABLE_READ}) {
                    c.setTransactionIsolation(level);
                    seen.add(c.getTransactionIsolation() + " " + serverIsolation(c));
                }
            } finally {
                c.setTransactionIsolation(initial);
            }
            seen.add(c.getTransactionIsolation() + " " + serverIsolation(c));
            return seen;
        });
        add("isolation.invalid-level", (c, x) -> List.of(outcome(() -> {
            c.setTransactionIsolation(12345);
            return "accepted";
        }), c.getTransactionIsolation()));
        add("isolation.inside-transaction", (c, x) -> {
            int initial = c.getTransactionIsolation();
            c.setAutoCommit(false);
            try {
                count(c, "qty = 0");
                Object outcome = outcome(() -> {
                    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                    return "accepted";
                });
                c.rollback();
                return List.of(outcome, c.getTransactionIsolation());
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(initial);
            }
        });
    }

    private String serverIsolation(Connection c) throws SQLException {
        return single(c, pg ? "SHOW transaction_isolation" : "SELECT @@session.tx_isolation");
    }

    // ------------------------------------------------------------------------------------------------ read-only

    private void readOnly() {
        add("readonly.default", (c, x) -> c.isReadOnly());
        add("readonly.set-and-clear", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            c.setReadOnly(true);
            try {
                seen.add(c.isReadOnly());
                seen.add(single(c, "SELECT 1"));
            } finally {
                c.setReadOnly(false);
            }
            seen.add(c.isReadOnly());
            seen.add(update(c, "INSERT INTO conf_item (name, qty) VALUES ('ro-1', 701)"));
            return seen;
        });
        add("readonly.write-in-transaction", (c, x) -> {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try {
                Object outcome = outcome(() -> update(c, "INSERT INTO conf_item (name, qty) VALUES ('ro-2', 702)"));
                c.rollback();
                return outcome;
            } finally {
                c.setAutoCommit(true);
                c.setReadOnly(false);
            }
        });
        add("readonly.write-in-autocommit", (c, x) -> {
            // pgjdbc (readOnlyMode=transaction) lets this write through; Connector/J makes the session read-only.
            c.setReadOnly(true);
            try {
                return outcome(() -> update(c, "INSERT INTO conf_item (name, qty) VALUES ('ro-3', 703)"));
            } finally {
                c.setReadOnly(false);
            }
        });
        add("readonly.change-inside-transaction", (c, x) -> {
            c.setAutoCommit(false);
            try {
                update(c, "INSERT INTO conf_item (name, qty) VALUES ('ro-4', 704)");
                Object outcome = outcome(() -> {
                    c.setReadOnly(true);
                    return "accepted";
                });
                boolean readOnly = c.isReadOnly();
                c.rollback();
                c.setReadOnly(false);
                return List.of(outcome, readOnly, c.isReadOnly());
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ warnings

    private void warningChains() {
        add("warnings.statement", (c, x) -> {
            try (Statement st = c.createStatement()) {
                List<Object> seen = new ArrayList<>();
                seen.add(warnings(st.getWarnings(), true));
                st.execute("DROP TABLE IF EXISTS conf_absent");
                seen.add(warnings(st.getWarnings(), true));
                st.clearWarnings();
                seen.add(warnings(st.getWarnings(), true));
                if (pg) {
                    st.execute("DO $$ BEGIN RAISE WARNING 'conformance warning'; END $$");
                } else {
                    rows(st.executeQuery("SELECT CAST('12abc' AS SIGNED) AS n"));
                }
                seen.add(warnings(st.getWarnings(), true));
                return seen;
            }
        });
        add("warnings.prepared", (c, x) -> {
            try (PreparedStatement ps = c.prepareStatement(pg ? "DROP VIEW IF EXISTS conf_absent_view"
                    : "DROP VIEW IF EXISTS conf_absent_view")) {
                ps.execute();
                return warnings(ps.getWarnings(), true);
            }
        });
        add("warnings.connection", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            seen.add(warnings(c.getWarnings(), true));
            c.clearWarnings();
            seen.add(warnings(c.getWarnings(), true));
            return seen;
        });
    }

    // -------------------------------------------------------------------------------------------------- unwrap

    private void unwrap() {
        Class<?> nativeConnection = pg ? org.postgresql.PGConnection.class : com.mysql.cj.jdbc.JdbcConnection.class;
        Class<?> nativeStatement = pg ? org.postgresql.PGStatement.class : com.mysql.cj.jdbc.JdbcStatement.class;
        add("unwrap.native-connection", (c, x) -> {
            boolean wrapper = c.isWrapperFor(nativeConnection);
            Object unwrapped = c.unwrap(nativeConnection);
            String used;
            if (pg) {
                used = c.unwrap(org.postgresql.PGConnection.class).getParameterStatus("client_encoding");
            } else {
                used = String.valueOf(c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getServerVersion());
            }
            return List.of(wrapper, nativeConnection.isInstance(unwrapped), used);
        });
        add("unwrap.native-statement", (c, x) -> {
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                return List.of(st.isWrapperFor(nativeStatement), nativeStatement.isInstance(st.unwrap(nativeStatement)),
                        ps.isWrapperFor(nativeStatement), nativeStatement.isInstance(ps.unwrap(nativeStatement)));
            }
        });
        add("unwrap.java-sql-interfaces", (c, x) -> {
            try (Statement st = c.createStatement()) {
                return List.of(c.isWrapperFor(Connection.class), identity(c.unwrap(Connection.class), c),
                        st.isWrapperFor(Statement.class), identity(st.unwrap(Statement.class), st),
                        c.getMetaData().isWrapperFor(DatabaseMetaData.class));
            }
        });
        add("unwrap.unrelated-interface", (c, x) -> List.of(c.isWrapperFor(CharSequence.class),
                outcome(() -> String.valueOf(c.unwrap(CharSequence.class)))));
    }

    // ------------------------------------------------------------------------------------------------ identity

    private void identities() {
        add("identity.statement-connection", (c, x) -> {
            try (Statement a = c.createStatement();
                    Statement b = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                return List.of(identity(a.getConnection(), c), identity(b.getConnection(), c));
            }
        });
        add("identity.prepared-connection", (c, x) -> {
            try (PreparedStatement a = c.prepareStatement("SELECT 1");
                    PreparedStatement b = c.prepareStatement("SELECT 1", Statement.RETURN_GENERATED_KEYS)) {
                return List.of(identity(a.getConnection(), c), identity(b.getConnection(), c));
            }
        });
        add("identity.callable-connection", (c, x) -> {
            try (CallableStatement cs = c.prepareCall(pg ? "{? = call conf_add(?)}" : "{call conf_proc(?, ?)}")) {
                return identity(cs.getConnection(), c);
            }
        });
        add("identity.metadata-connection", (c, x) -> {
            DatabaseMetaData md = c.getMetaData();
            return List.of(identity(md.getConnection(), c), identity(c.getMetaData(), md));
        });
        add("identity.resultset-statement", (c, x) -> {
            List<Object> seen = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT 1");
                seen.add(identity(rs.getStatement(), st));
                seen.add(identity(rs.getStatement().getConnection(), c));
                rs.close();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    seen.add(identity(rs.getStatement(), ps));
                }
            }
            try (ResultSet rs = c.getMetaData().getTables(catalog(c), schema(), "conf_item", null)) {
                seen.add(rs.getStatement() == null ? "null" : "present");
            }
            return seen;
        });
    }

    // ------------------------------------------------------------------------------------------------- closing

    private void closing() {
        add("close.statement-closes-result-set", (c, x) -> {
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT name FROM conf_item ORDER BY name");
            st.close();
            return List.of(st.isClosed(), rs.isClosed(), outcome(() -> rows(st.executeQuery("SELECT 1"))),
                    outcome(rs::next), outcome(() -> {
                        st.close();
                        return "closed again";
                    }));
        });
        add("close.connection", (c, x) -> {
            Connection other = x.open();
            other.close();
            return List.of(other.isClosed(), outcome(() -> other.isValid(1)), outcome(() -> {
                other.close();
                return "closed again";
            }));
        });
        add("close.use-after-close", (c, x) -> {
            Connection other = x.open();
            Statement st = other.createStatement();
            other.close();
            // The native drivers disagree on what a closed connection's objects throw (pgjdbc: PSQLException 08003
            // for a statement too; Connector/J: SQLNonTransientConnectionException 08003 for the connection, S1009
            // for a statement), and the wrappers keep the closed state themselves. The contract compared is what
            // JDBC and retry code rely on: the connection's calls fail with 08003, the statement's calls fail.
            // Not st.isClosed(): pgjdbc leaves it open, the wrappers close it; JDBC allows both. Nor
            // other.getAutoCommit(): Connector/J answers it after close, against the JDBC javadoc.
            return List.of(outcomeAnyFailure(() -> rows(st.executeQuery("SELECT 1"))),
                    outcomeState(other::createStatement), outcomeState(() -> other.prepareStatement("SELECT 1")),
                    outcomeState(() -> other.prepareCall("SELECT 1")), outcomeState(other::getMetaData));
        });
        add("close.still-usable", (c, x) -> List.of(c.isClosed(), c.isValid(5), count(c, "qty > 0")));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private static List<String> rowsOf(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return rows(st.executeQuery(sql));
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Connection c, String where) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM conf_item WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String toString() {
        return "conformance steps for " + engine;
    }
}
