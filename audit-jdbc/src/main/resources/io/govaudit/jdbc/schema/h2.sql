-- govaudit audit-jdbc schema for H2 2.x, format version 1. Statements are separated by lines
-- holding only "--;". The append-only rule is a Java trigger (io.govaudit.jdbc.internal.H2AppendOnlyTrigger);
-- purges go through the same class with the attesting record checked.

CREATE TABLE IF NOT EXISTS audit_record (
    chain_id    varchar(64)  NOT NULL,
    seq         bigint       NOT NULL,
    ts          timestamp(6) with time zone NOT NULL,
    event_type  varchar(64)  NOT NULL,
    outcome     varchar(16)  NOT NULL,
    actor_id    varchar(256),
    subject_id  varchar(256),
    client_ip   varchar(64),
    host        varchar(255),
    record_json varchar(1048576) NOT NULL,
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
CREATE TABLE IF NOT EXISTS audit_segment (
    chain_id    varchar(64)  NOT NULL,
    first_seq   bigint       NOT NULL,
    opened_at   timestamp(6) with time zone NOT NULL,
    CONSTRAINT audit_segment_pk PRIMARY KEY (chain_id, first_seq)
)
--;
CREATE TABLE IF NOT EXISTS audit_chain (
    chain_id    varchar(64)  NOT NULL,
    holder      varchar(255) NOT NULL,
    since       timestamp(6) with time zone NOT NULL,
    CONSTRAINT audit_chain_pk PRIMARY KEY (chain_id)
)
--;
CREATE TRIGGER IF NOT EXISTS audit_record_append_only BEFORE UPDATE, DELETE ON audit_record
    FOR EACH ROW CALL 'io.govaudit.jdbc.internal.H2AppendOnlyTrigger'
--;
CREATE TRIGGER IF NOT EXISTS audit_segment_append_only BEFORE UPDATE, DELETE ON audit_segment
    FOR EACH ROW CALL 'io.govaudit.jdbc.internal.H2AppendOnlyTrigger'
--;
-- The only way to delete records: purges a chain's oldest records through the given seq when a
-- stored RETENTION_PURGE record attests that range.
CREATE ALIAS IF NOT EXISTS govaudit_purge FOR 'io.govaudit.jdbc.internal.H2AppendOnlyTrigger.purge'
