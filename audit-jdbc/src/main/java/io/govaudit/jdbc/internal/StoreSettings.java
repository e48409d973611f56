package io.govaudit.jdbc.internal;

import io.govaudit.jdbc.Dialect;
import java.time.Clock;

/**
 * What a {@link JdbcChainStore} is opened with, resolved by {@code JdbcAuditStore}.
 *
 * @param dialect   the database
 * @param connector where connections come from
 * @param rows      how batches are inserted
 * @param holder    this writer's name for {@code audit_chain}
 * @param clock     the time written as the hold's {@code since}
 * @param location  where the store is, for messages (no credentials)
 */
public record StoreSettings(Dialect dialect, Connector connector, RowWriter rows, String holder, Clock clock,
        String location) {
}
