/**
 * The chain in a relational database: PostgreSQL (primary) and H2 (embedded default). The same
 * record bytes and the same verifier as the file store (DESIGN.md section 2); the table is
 * append-only, enforced by the database; each application node writes its own chain.
 */
package io.govaudit.jdbc;
