package dev.aurorajdbc.driver.topology;

import java.math.BigInteger;
import java.sql.SQLException;

/**
 * Rows recorded from the aurora-jdbc test cluster ({@code ./aurora-testcluster up --json --replicas 2}, then
 * {@code --engine mysql}) with the native drivers (pgjdbc 42.7.14, Connector/J 26.10.0), running the sources' own
 * SQL as the application user {@code app} and, where noted, as the control plane's superuser: PostgreSQL 15.18
 * (server_version_num 150018), MariaDB 10.11.19. Nodes {@code 11}, {@code 12}, {@code 13} on
 * {@code 127.0.133.x:5432} (PostgreSQL) and {@code 127.0.172.x:3306} (MariaDB), each behind the cluster's fault
 * proxy: the servers themselves listen on port + 10000. Values are the objects {@code getObject} returned.
 */
final class Recordings {
    private Recordings() {
    }

    // ---- Aurora PostgreSQL emulation: AuroraPostgresTopology.QUERY ----

    static RecordedResultSet auroraPgColumns() {
        return RecordedResultSet.columns("server_id", "is_writer", "replica_lag_ms", "last_update_epoch_ms", "age_ms",
                "cpu");
    }

    /** On writer 11: its own row has no timestamp (as Aurora PostgreSQL 13.9+), the writer no lag. */
    static final RecordedResultSet AURORA_PG_ON_WRITER = auroraPgColumns()
            .row("11", true, null, null, null, 3.0f)
            .row("12", false, 0.0f, 1795504217412L, 1076L, 1.5f)
            .row("13", false, 0.0f, 1795504217412L, 1076L, 1.5f);

    /** On replica 12. */
    static final RecordedResultSet AURORA_PG_ON_REPLICA = auroraPgColumns()
            .row("11", true, null, 1795504219773L, 517L, 3.0f)
            .row("12", false, 0.0f, null, null, 1.5f)
            .row("13", false, 0.0f, 1795504219773L, 517L, 1.5f);

    /** On writer 11, superuser, after {@code lag 13 3000}: replica 13 is 3389 ms behind. */
    static final RecordedResultSet AURORA_PG_LAGGING = auroraPgColumns()
            .row("11", true, null, null, null, 3.0f)
            .row("12", false, 0.0f, 1795504245027L, 930L, 1.5f)
            .row("13", false, 3389.0f, 1795504245027L, 930L, 1.5f);

    /** On replica 12, 6.7 s after {@code stop 13}: 13's row keeps its old timestamp. */
    static final RecordedResultSet AURORA_PG_STOPPED_REPLICA = auroraPgColumns()
            .row("11", true, null, 1795504255848L, 182L, 3.0f)
            .row("12", false, 0.0f, null, null, 1.5f)
            .row("13", false, 0.0f, 1795504249356L, 6674L, 1.5f);

    /** On 11 (now a replica) right after {@code failover 12}. */
    static final RecordedResultSet AURORA_PG_AFTER_FAILOVER = auroraPgColumns()
            .row("12", true, null, 1795504265532L, 1181L, 3.0f)
            .row("11", false, 0.0f, null, null, 1.5f)
            .row("13", false, 0.0f, 1795504249356L, 17357L, 1.5f);

    // ---- Aurora MySQL emulation (aurora_emulation.replica_host_status): AuroraMySqlTopology's query ----

    static RecordedResultSet auroraMySqlColumns() {
        return RecordedResultSet.columns("server_id", "is_writer", "replica_lag_ms", "last_update_epoch_ms", "age_ms",
                "cpu");
    }

    /** On writer 11, after {@code lag 13 2000} (MariaDB's delay has whole seconds; the emulation publishes 1000). */
    static final RecordedResultSet AURORA_MYSQL_ON_WRITER = auroraMySqlColumns()
            .row("11", 1, 0.0, 1795504295121L, 984L, 3.0)
            .row("12", 0, 0.0, 1795504295121L, 984L, 1.5)
            .row("13", 0, 1000.0, 1795504295121L, 984L, 1.5);

    /** On replica 13. */
    static final RecordedResultSet AURORA_MYSQL_ON_REPLICA = auroraMySqlColumns()
            .row("11", 1, 0.0, 1795504301618L, 1665L, 3.0)
            .row("12", 0, 0.0, 1795504301618L, 1665L, 1.5)
            .row("13", 0, 1000.0, 1795504301618L, 1665L, 1.5);

    // ---- PostgreSQL streaming replication ----

    static RecordedResultSet pgRole(boolean inRecovery, Long replayLagMs) {
        return RecordedResultSet.columns("in_recovery", "replay_lag_ms").row(inRecovery, replayLagMs);
    }

    static RecordedResultSet pgReplicationColumns() {
        return RecordedResultSet.columns("application_name", "client_addr", "state", "replay_lag_ms");
    }

    /** pg_stat_replication on writer 11 as superuser, 13 delayed: every replica connects from 127.0.0.1. */
    static final RecordedResultSet PG_REPLICATION_SUPERUSER = pgReplicationColumns()
            .row("13", "127.0.0.1", "streaming", 2346L)
            .row("12", "127.0.0.1", "streaming", 0L);

    /** pg_stat_replication on writer 11 as the application user: only application_name is visible. */
    static final RecordedResultSet PG_REPLICATION_APP_USER = pgReplicationColumns()
            .row("13", null, null, null)
            .row("12", null, null, null);

    static RecordedResultSet pgReceiverColumns() {
        return RecordedResultSet.columns("status", "sender_host", "sender_port");
    }

    /** pg_stat_wal_receiver on replica 13 as superuser: the writer's server address and port (behind the proxy). */
    static final RecordedResultSet PG_RECEIVER_SUPERUSER = pgReceiverColumns().row("streaming", "127.0.133.11", 15432);

    /** pg_stat_wal_receiver on replica 12 as the application user. */
    static final RecordedResultSet PG_RECEIVER_APP_USER = pgReceiverColumns().row(null, null, null);

    /** pg_stat_wal_receiver on the writer. */
    static final RecordedResultSet PG_RECEIVER_NONE = pgReceiverColumns();

    // ---- MariaDB replication ----

    static RecordedResultSet mysqlRole(long readOnly, String version) {
        return RecordedResultSet.columns("read_only", "version").row(readOnly, version);
    }

    static final String MARIADB_VERSION = "10.11.19-MariaDB-0+deb12u1-log";

    /** SHOW SLAVE HOSTS on writer 11 as admin: report_host is the node id, report_port the server's own port. */
    static final RecordedResultSet MARIADB_SLAVE_HOSTS = RecordedResultSet.columns("Server_id", "Host", "Port",
            "Master_id")
            .row(13L, "13", 13306L, 11L)
            .row(12L, "12", 13306L, 11L);

    /** SHOW SLAVE HOSTS on writer 11 as the application user. */
    static SQLException mariaDbSlaveHostsDenied() {
        return new SQLException("Access denied; you need (at least one of) the REPLICATION MASTER ADMIN privilege(s) "
                + "for this operation", "42000", 1227);
    }

    static final String[] MARIADB_SLAVE_STATUS_COLUMNS = {
        "Slave_IO_State", "Master_Host", "Master_User", "Master_Port", "Connect_Retry", "Master_Log_File",
        "Read_Master_Log_Pos", "Relay_Log_File", "Relay_Log_Pos", "Relay_Master_Log_File", "Slave_IO_Running",
        "Slave_SQL_Running", "Replicate_Do_DB", "Replicate_Ignore_DB", "Replicate_Do_Table", "Replicate_Ignore_Table",
        "Replicate_Wild_Do_Table", "Replicate_Wild_Ignore_Table", "Last_Errno", "Last_Error", "Skip_Counter",
        "Exec_Master_Log_Pos", "Relay_Log_Space", "Until_Condition", "Until_Log_File", "Until_Log_Pos",
        "Master_SSL_Allowed", "Master_SSL_CA_File", "Master_SSL_CA_Path", "Master_SSL_Cert", "Master_SSL_Cipher",
        "Master_SSL_Key", "Seconds_Behind_Master", "Master_SSL_Verify_Server_Cert", "Last_IO_Errno", "Last_IO_Error",
        "Last_SQL_Errno", "Last_SQL_Error", "Replicate_Ignore_Server_Ids", "Master_Server_Id", "Master_SSL_Crl",
        "Master_SSL_Crlpath", "Using_Gtid", "Gtid_IO_Pos", "Replicate_Do_Domain_Ids", "Replicate_Ignore_Domain_Ids",
        "Parallel_Mode", "SQL_Delay", "SQL_Remaining_Delay", "Slave_SQL_Running_State", "Slave_DDL_Groups",
        "Slave_Non_Transactional_Groups", "Slave_Transactional_Groups", "Replicate_Rewrite_DB",
    };

    /** SHOW SLAVE STATUS on replica 13 (application user), replaying 2 s behind ({@code MASTER_DELAY}). */
    static final RecordedResultSet MARIADB_SLAVE_STATUS_DELAYED =
            RecordedResultSet.columns(MARIADB_SLAVE_STATUS_COLUMNS)
            .row("Waiting for master to send event", "127.0.172.11", "admin", 13306L, 1L, "binlog.000001",
                    BigInteger.valueOf(28291), "relay-bin.000002", BigInteger.valueOf(12247), "binlog.000001", "Yes",
                    "Yes", "", "", "", "", "", "", 0L, "", 0L, BigInteger.valueOf(24429), BigInteger.valueOf(16412),
                    "None", "", BigInteger.ZERO, "No", "", "", "", "", "", BigInteger.ONE, "No", 0L, "", 0L, "", "",
                    11L, "", "", "Slave_Pos", "0-11-24", "", "", "optimistic", 2L, 1L,
                    "Waiting until MASTER_DELAY seconds after master executed event", BigInteger.valueOf(11),
                    BigInteger.ZERO, BigInteger.valueOf(11), "");

    /** SHOW SLAVE STATUS on replica 12 (the control plane's admin user), caught up. */
    static final RecordedResultSet MARIADB_SLAVE_STATUS = RecordedResultSet.columns(MARIADB_SLAVE_STATUS_COLUMNS)
            .row("Waiting for master to send event", "127.0.172.11", "admin", 13306L, 1L, "binlog.000001",
                    BigInteger.valueOf(24429), "relay-bin.000002", BigInteger.valueOf(24725), "binlog.000001", "Yes",
                    "Yes", "", "", "", "", "", "", 0L, "", 0L, BigInteger.valueOf(24429), BigInteger.valueOf(25028),
                    "None", "", BigInteger.ZERO, "No", "", "", "", "", "", BigInteger.ZERO, "No", 0L, "", 0L, "", "",
                    11L, "", "", "Slave_Pos", "0-11-22", "", "", "optimistic", 0L, null,
                    "Slave has read all relay log; waiting for more updates", BigInteger.valueOf(11), BigInteger.ZERO,
                    BigInteger.valueOf(11), "");

    /** SHOW SLAVE STATUS on the writer: the columns, no row. */
    static final RecordedResultSet MARIADB_SLAVE_STATUS_NONE = RecordedResultSet.columns(MARIADB_SLAVE_STATUS_COLUMNS);
}
