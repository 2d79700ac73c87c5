package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of an Aurora topology query (both engines' queries return the same columns) into members, applying
 * what Aurora clients do with them:
 * <ol>
 *   <li>an instance id that does not map through the instance host pattern is ignored (and logged);</li>
 *   <li>a reader not heard from for more than {@link #STALE_AFTER_MILLIS} is dropped (an instance that was deleted or
 *       is restarting); a writer row never is, since during a failover it may be all there is;</li>
 *   <li>an instance listed twice (a restarted reader's old session, a promoted reader's old row) counts once, by its
 *       most recent row;</li>
 *   <li>several writers (the old one's row outlives a failover for a moment): the most recently updated is the
 *       writer and the others are dropped; if no one of them is the most recent, there is no writer yet.</li>
 * </ol>
 * Ages are computed by the server ({@code age_ms}, its clock against its own timestamps), so client clock skew and
 * session time zones do not matter. A row without a timestamp is the instance the session is connected to (Aurora
 * PostgreSQL 13.9 and later leave it out there) and counts as the most recent. Lags that are unknown (NULL),
 * negative or not a number are {@link TopologyHost#UNKNOWN}; fractional milliseconds are rounded.
 */
final class AuroraRows {
    /** Readers not updated for this long are stale; the value the AWS drivers use. */
    static final long STALE_AFTER_MILLIS = 300_000;

    /** The columns both Aurora queries return. */
    static final String SERVER_ID = "server_id";
    static final String IS_WRITER = "is_writer";
    static final String LAG = "replica_lag_ms";
    static final String LAST_UPDATE = "last_update_epoch_ms";
    static final String AGE = "age_ms";
    static final String CPU = "cpu";

    private AuroraRows() {
    }

    /**
     * Reads every row of {@code rs} and returns the members, the writer first.
     *
     * @param table   what the rows come from, for log messages ({@code aurora_replica_status()})
     * @param pattern maps instance ids to addresses
     * @param port    the port of the addresses when the pattern has none (the URL's)
     */
    static List<TopologyHost> read(ResultSet rs, String table, InstanceHostPattern pattern, int port, SourceLog log)
            throws SQLException {
        Map<HostAddress, Row> byAddress = new LinkedHashMap<>();
        while (rs.next()) {
            Row row = row(rs, table, pattern, port, log);
            if (row == null) {
                continue;
            }
            if (!row.writer && row.ageMillis > STALE_AFTER_MILLIS) {
                if (log.isFine()) {
                    log.fine("dropping instance " + row.id + " from " + table + ": not updated for " + row.ageMillis
                            + " ms");
                }
                continue;
            }
            Row before = byAddress.get(row.address);
            if (before == null || row.fresherThan(before)) {
                byAddress.put(row.address, row);
            }
            if (before != null && log.isFine()) {
                log.fine("instance " + row.id + " listed twice in " + table + "; keeping its most recent row");
            }
        }
        return members(new ArrayList<>(byAddress.values()), table, log);
    }

    private static Row row(ResultSet rs, String table, InstanceHostPattern pattern, int port, SourceLog log)
            throws SQLException {
        String id = rs.getString(SERVER_ID);
        boolean writer = rs.getBoolean(IS_WRITER);
        double lag = rs.getDouble(LAG);
        boolean lagKnown = !rs.wasNull();
        long lastUpdate = rs.getLong(LAST_UPDATE);
        boolean lastUpdateKnown = !rs.wasNull();
        long age = rs.getLong(AGE);
        boolean ageKnown = !rs.wasNull();
        double cpu = rs.getDouble(CPU);
        boolean cpuKnown = !rs.wasNull();
        if (id == null || id.isEmpty()) {
            log.warnOnce("no id in " + table, "ignoring a row of " + table + " without an instance id");
            return null;
        }
        HostAddress address;
        try {
            address = pattern.address(id, port);
        } catch (IllegalArgumentException e) {
            log.warnOnce("id " + id, "ignoring an instance listed by " + table + ": " + e.getMessage());
            return null;
        }
        return new Row(id, address, writer, lagKnown ? millis(lag) : TopologyHost.UNKNOWN,
                lastUpdateKnown && lastUpdate >= 0 ? lastUpdate : TopologyHost.UNKNOWN,
                ageKnown ? age : Long.MIN_VALUE,
                cpuKnown && cpu >= 0 && !Double.isInfinite(cpu) ? cpu : TopologyHost.UNKNOWN);
    }

    private static List<TopologyHost> members(List<Row> rows, String table, SourceLog log) {
        Row writer = null;
        boolean tie = false;
        for (Row r : rows) {
            if (!r.writer) {
                continue;
            }
            if (writer == null || r.fresherThan(writer)) {
                writer = r;
                tie = false;
            } else if (!writer.fresherThan(r)) {
                tie = true;
            }
        }
        if (tie) {
            log.warnOnce("writer tie in " + table, table + " lists several writers updated at the same time; "
                    + "taking none of them as the writer until it settles");
            writer = null;
        }
        List<TopologyHost> members = new ArrayList<>(rows.size());
        if (writer != null) {
            members.add(writer.host(HostRole.WRITER));
        }
        for (Row r : rows) {
            if (!r.writer) {
                members.add(r.host(HostRole.READER));
            } else if (r != writer && log.isFine()) {
                log.fine("dropping instance " + r.id + ": an older writer row in " + table);
            }
        }
        return members;
    }

    /** Milliseconds from a lag figure: {@link TopologyHost#UNKNOWN} unless a non-negative number; rounded. */
    static long millis(double lag) {
        return lag >= 0 && !Double.isInfinite(lag) ? Math.round(lag) : TopologyHost.UNKNOWN;
    }

    /** One usable row; {@code ageMillis} is {@link Long#MIN_VALUE} for the connected instance's (no timestamp). */
    private record Row(String id, HostAddress address, boolean writer, long lagMillis, long lastUpdate, long ageMillis,
            double cpu) {

        boolean fresherThan(Row other) {
            return ageMillis < other.ageMillis;
        }

        TopologyHost host(HostRole role) {
            return new TopologyHost(id, address, role, lagMillis, lastUpdate, cpu);
        }
    }
}
