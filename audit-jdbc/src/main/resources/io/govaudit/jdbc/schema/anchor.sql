-- govaudit anchor table, format version 1: one row per published checkpoint (DESIGN.md section 4).
-- Portable SQL (PostgreSQL, H2, MySQL/MariaDB): create it in ANOTHER database than audit_record,
-- owned by a role the application cannot use; give the application's anchor role INSERT and
-- SELECT only. JdbcAnchorSink runs this script itself when the table is missing.
-- Columns mirror the JSON anchor line: chain, seq, at_seq, at_hash, ts (exact text), key, sig.

CREATE TABLE IF NOT EXISTS audit_anchor (
    chain_id   varchar(64)  NOT NULL,
    seq        bigint       NOT NULL,
    at_seq     bigint       NOT NULL,
    at_hash    varchar(64)  NOT NULL,
    ts         varchar(32)  NOT NULL,
    key_id     varchar(64)  NOT NULL,
    sig        varchar(256) NOT NULL,
    CONSTRAINT audit_anchor_pk PRIMARY KEY (chain_id, seq)
)
