-- govaudit audit-jdbc schema for PostgreSQL (12 or later), format version 1.
-- Run as the role that will own the tables (not the application's role). Statements are
-- separated by lines holding only "--;" so that the installer can run them one by one.
-- The application role gets INSERT and SELECT only (JdbcSchema.grantStatements lists them):
--   GRANT SELECT, INSERT ON audit_record TO <app>;
--   GRANT SELECT, INSERT ON audit_segment TO <app>;
--   GRANT SELECT, INSERT, UPDATE ON audit_chain TO <app>;
--   GRANT EXECUTE ON FUNCTION govaudit_purge(varchar, bigint) TO <app>;

CREATE TABLE IF NOT EXISTS audit_record (
    chain_id    varchar(64)  NOT NULL,
    seq         bigint       NOT NULL,
    ts          timestamptz  NOT NULL,
    event_type  varchar(64)  NOT NULL,
    outcome     varchar(16)  NOT NULL,
    actor_id    varchar(256),
    subject_id  varchar(256),
    client_ip   varchar(64),
    host        varchar(255),
    record_json text         NOT NULL,
    hash        char(64)     NOT NULL,
    CONSTRAINT audit_record_pk PRIMARY KEY (chain_id, seq),
    CONSTRAINT audit_record_seq_positive CHECK (seq > 0)
)
--;
CREATE INDEX IF NOT EXISTS audit_record_ts ON audit_record (ts)
--;
CREATE INDEX IF NOT EXISTS audit_record_type_ts ON audit_record (event_type, ts)
--;
CREATE INDEX IF NOT EXISTS audit_record_actor_ts ON audit_record (actor_id, ts)
--;
-- Segments: runs of consecutive records of a chain, the unit of retention purges.
CREATE TABLE IF NOT EXISTS audit_segment (
    chain_id    varchar(64)  NOT NULL,
    first_seq   bigint       NOT NULL,
    opened_at   timestamptz  NOT NULL,
    CONSTRAINT audit_segment_pk PRIMARY KEY (chain_id, first_seq)
)
--;
-- One row per chain: who writes it now (the writer holds an advisory lock; the row names it).
CREATE TABLE IF NOT EXISTS audit_chain (
    chain_id    varchar(64)  NOT NULL,
    holder      varchar(255) NOT NULL,
    since       timestamptz  NOT NULL,
    CONSTRAINT audit_chain_pk PRIMARY KEY (chain_id)
)
--;
-- Append-only: no UPDATE, no DELETE except inside govaudit_purge, no TRUNCATE.
CREATE OR REPLACE FUNCTION govaudit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('govaudit.purging', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'govaudit: % on % refused: audit records are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
--;
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_record
--;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION govaudit_append_only()
--;
DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_record
--;
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION govaudit_append_only()
--;
DROP TRIGGER IF EXISTS audit_segment_append_only ON audit_segment
--;
CREATE TRIGGER audit_segment_append_only BEFORE UPDATE OR DELETE ON audit_segment
    FOR EACH ROW EXECUTE FUNCTION govaudit_append_only()
--;
DROP TRIGGER IF EXISTS audit_segment_no_truncate ON audit_segment
--;
CREATE TRIGGER audit_segment_no_truncate BEFORE TRUNCATE ON audit_segment
    FOR EACH STATEMENT EXECUTE FUNCTION govaudit_append_only()
--;
-- The only way to delete records: a purge of a chain's oldest records through p_through, which
-- an already stored RETENTION_PURGE record of the same chain must attest (its detail names
-- last_seq = p_through). Runs with its owner's rights (SECURITY DEFINER), so the application
-- role needs EXECUTE on it but no DELETE on the tables.
CREATE OR REPLACE FUNCTION govaudit_purge(p_chain varchar, p_through bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    deleted bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_record
                   WHERE chain_id = p_chain AND seq > p_through AND event_type = 'RETENTION_PURGE'
                     AND record_json ~ ('"last_seq":' || p_through::text || '[,}]')) THEN
        RAISE EXCEPTION 'govaudit: purge of chain % through seq % refused: no RETENTION_PURGE record attests it',
            p_chain, p_through USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('govaudit.purging', 'on', true);
    DELETE FROM audit_record WHERE chain_id = p_chain AND seq <= p_through;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    DELETE FROM audit_segment WHERE chain_id = p_chain AND first_seq <= p_through;
    PERFORM set_config('govaudit.purging', 'off', true);
    RETURN deleted;
END
$$
--;
REVOKE ALL ON FUNCTION govaudit_purge(varchar, bigint) FROM PUBLIC
