package io.govaudit.jdbc.internal;

/**
 * One record line staged for the next commit: the indexed columns and the exact text.
 *
 * @param columns the columns read from the line
 * @param json    the line without its {@code \n}, the {@code record_json} column
 * @param bytes   the line's size in bytes with its {@code \n}, as the file store would count it
 */
public record StagedRow(RecordColumns columns, String json, int bytes) {
}
