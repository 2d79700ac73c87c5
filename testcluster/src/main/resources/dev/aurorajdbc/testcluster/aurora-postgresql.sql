-- Aurora PostgreSQL metadata emulation of the aurora-jdbc test cluster (see AuroraPostgresMetadata).
--
-- Run by a superuser on the writer, in one transaction, in the database that clients use (PostgreSQL's catalogs
-- are per database). Everything here replicates physically to the replicas. Running it again is harmless: it
-- replaces the functions and the view and keeps the published rows. Needs PostgreSQL 14 or later (SQL-standard
-- function bodies, bound when they are created, so no caller's search_path can redirect them).
-- psql runs it as it is. AuroraPostgresMetadata splits it by its layout: a statement ends with ';' at the end of a
-- line, except that a function body runs from a line 'BEGIN ATOMIC' to a line 'END;'.
--
-- Per node, the server configuration sets (AuroraPostgresMetadata.nodeConfig):
--   aurora_emulation.instance_id  this node's instance id, returned by aurora_db_instance_identifier()
--   rds.extensions                the list the AWS Advanced JDBC Wrapper looks for 'aurora_stat_utils' in

CREATE SCHEMA IF NOT EXISTS aurora_emulation;
COMMENT ON SCHEMA aurora_emulation IS
    'Aurora metadata emulation of the aurora-jdbc test cluster: the topology its control plane publishes';
REVOKE ALL ON SCHEMA aurora_emulation FROM PUBLIC;
GRANT USAGE ON SCHEMA aurora_emulation TO PUBLIC;

-- One row per instance, replaced by the control plane on the writer after every topology change and about once a
-- second. An instance the control plane cannot reach keeps its old last_update_timestamp: stale, as on Aurora.
CREATE TABLE IF NOT EXISTS aurora_emulation.replica_status (
    server_id             text        PRIMARY KEY,
    session_id            text        NOT NULL,
    replica_lag_in_msec   real,
    last_update_timestamp timestamptz NOT NULL,
    cpu                   real
);
COMMENT ON TABLE aurora_emulation.replica_status IS
    'Published topology behind pg_catalog.aurora_replica_status(); written only by the test cluster''s control plane';
REVOKE ALL ON aurora_emulation.replica_status FROM PUBLIC;
GRANT SELECT ON aurora_emulation.replica_status TO PUBLIC;

-- Aurora: the DB instance identifier of the instance this session is connected to.
CREATE OR REPLACE FUNCTION pg_catalog.aurora_db_instance_identifier()
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.current_setting('aurora_emulation.instance_id');
END;
COMMENT ON FUNCTION pg_catalog.aurora_db_instance_identifier() IS
    'Aurora emulation: this node''s instance id (setting aurora_emulation.instance_id)';

-- Aurora: one row per DB instance of the cluster, with Aurora's columns in Aurora's order. What the emulation does
-- not know is NULL. As on Aurora PostgreSQL 13.9 and later, last_update_timestamp is NULL in the row of the
-- instance this session is connected to, and replica_lag_in_msec is NULL for the writer.
CREATE OR REPLACE FUNCTION pg_catalog.aurora_replica_status(
        OUT server_id text,
        OUT session_id text,
        OUT durable_lsn bigint,
        OUT highest_lsn_rcvd bigint,
        OUT current_read_lsn bigint,
        OUT cur_replay_latency_in_usec bigint,
        OUT active_txns bigint,
        OUT is_current boolean,
        OUT last_transport_error integer,
        OUT last_error_timestamp timestamptz,
        OUT last_update_timestamp timestamptz,
        OUT feedback_xmin bigint,
        OUT feedback_epoch integer,
        OUT replica_lag_in_msec real,
        OUT log_stream_speed_in_kib_per_second real,
        OUT log_buffer_sequence_number bigint,
        OUT oldest_read_view_trx_id bigint,
        OUT oldest_read_view_lsn bigint,
        OUT pending_read_ios bigint,
        OUT read_ios bigint,
        OUT iops integer,
        OUT cpu real)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 16
BEGIN ATOMIC
    SELECT s.server_id,
           s.session_id,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           true,
           0,
           NULL::timestamptz,
           CASE WHEN s.server_id = pg_catalog.current_setting('aurora_emulation.instance_id', true)
                THEN NULL::timestamptz
                ELSE s.last_update_timestamp END,
           NULL::bigint,
           NULL::integer,
           s.replica_lag_in_msec,
           NULL::real,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           NULL::bigint,
           NULL::integer,
           s.cpu
      FROM aurora_emulation.replica_status s
     ORDER BY s.session_id <> 'MASTER_SESSION_ID', s.server_id;
END;
COMMENT ON FUNCTION pg_catalog.aurora_replica_status() IS
    'Aurora emulation: the topology the test cluster''s control plane publishes (aurora_emulation.replica_status)';

-- On Aurora, rds.extensions is a real server setting, listed in pg_settings. A custom setting from the configuration
-- file is only a placeholder, which SHOW and current_setting() see but pg_settings does not list; Aurora clients
-- (the AWS Advanced JDBC Wrapper among them) query pg_catalog.pg_settings by its qualified name, so no view on the
-- search path can stand in. pg_settings therefore gets the row too: the view keeps its columns, its privileges and
-- its update rules (UPDATE pg_settings still calls set_config); only its row set grows by this one row.
CREATE OR REPLACE VIEW pg_catalog.pg_settings AS
    SELECT a.name, a.setting, a.unit, a.category, a.short_desc, a.extra_desc, a.context, a.vartype, a.source,
           a.min_val, a.max_val, a.enumvals, a.boot_val, a.reset_val, a.sourcefile, a.sourceline, a.pending_restart
      FROM pg_catalog.pg_show_all_settings() a(name, setting, unit, category, short_desc, extra_desc, context,
                                                vartype, source, min_val, max_val, enumvals, boot_val, reset_val,
                                                sourcefile, sourceline, pending_restart)
    UNION ALL
    SELECT 'rds.extensions', r.setting, NULL, 'Customized Options',
           'Extensions available on this instance (Aurora emulation).', NULL, 'sighup', 'string',
           'configuration file', NULL, NULL, NULL, NULL, r.setting, NULL, NULL, false
      FROM (SELECT pg_catalog.current_setting('rds.extensions', true) AS setting) r
     WHERE r.setting IS NOT NULL
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_show_all_settings() b WHERE b.name = 'rds.extensions');
COMMENT ON VIEW pg_catalog.pg_settings IS
    'pg_settings, plus the placeholder setting rds.extensions (Aurora emulation of the aurora-jdbc test cluster)';
