-- Aurora MySQL metadata emulation of the aurora-jdbc test cluster (see AuroraMySqlMetadata).
--
-- Run by an administrator on the writer; every statement replicates to the replicas through the binary log.
-- Running it again is harmless: it keeps the published rows. Runs on MariaDB 10.11+ and MySQL 8.0.30+ alike (/*M! ... */
-- is MariaDB-only syntax, a plain comment to MySQL). Who may read it is granted by AuroraMySqlMetadata per server:
-- GRANT ... TO PUBLIC on MariaDB, a role that every account gets (mandatory_roles) on MySQL.
-- The mysql client runs it as it is (DELIMITER); AuroraMySqlMetadata splits it the same way.
--
-- Aurora MySQL keeps this table in information_schema, which no server lets anyone extend: here it lives in the
-- schema aurora_emulation, and SERVER_ID is matched against aurora_emulation.aurora_server_id() where Aurora
-- clients use @@aurora_server_id.

CREATE DATABASE IF NOT EXISTS aurora_emulation
    /*M! COMMENT 'Aurora metadata emulation of the aurora-jdbc test cluster' */;

-- One row per instance, replaced by the control plane on the writer after every topology change and about once a
-- second. Columns are the ones Aurora documents as usable, plus the ones public monitoring tools read, with
-- Aurora's types; LAST_UPDATE_TIMESTAMP is in UTC (Aurora's default time zone). An instance the control plane
-- cannot reach keeps its old LAST_UPDATE_TIMESTAMP: stale, as on Aurora.
CREATE TABLE IF NOT EXISTS aurora_emulation.replica_host_status (
    SERVER_ID                              varchar(100) NOT NULL,
    SESSION_ID                             varchar(100) NOT NULL,
    CPU                                    double,
    LAST_UPDATE_TIMESTAMP                  datetime(6),
    MASTER_SLAVE_LATENCY_IN_MICROSECONDS   bigint,
    REPLICA_LAG_IN_MILLISECONDS            double,
    LOG_STREAM_SPEED_IN_KiB_PER_SECOND     double,
    IS_CURRENT                             tinyint,
    CURRENT_REPLAY_LATENCY_IN_MICROSECONDS bigint,
    PRIMARY KEY (SERVER_ID)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
  COMMENT 'Emulates information_schema.replica_host_status; written only by the test cluster''s control plane';

-- Stands in for @@aurora_server_id: this node's instance id, which the engine sets as report_host.
DROP FUNCTION IF EXISTS aurora_emulation.aurora_server_id;

DELIMITER //
CREATE FUNCTION aurora_emulation.aurora_server_id()
    RETURNS varchar(100) CHARSET utf8mb4
    NOT DETERMINISTIC NO SQL SQL SECURITY INVOKER
    COMMENT 'Stands in for @@aurora_server_id: this node''s report_host'
BEGIN
    IF @@global.report_host IS NULL OR @@global.report_host = '' THEN
        SIGNAL SQLSTATE '45000'
            SET MESSAGE_TEXT = 'aurora_server_id(): report_host is not set in this server''s configuration';
    END IF;
    RETURN @@global.report_host;
END//
DELIMITER ;
