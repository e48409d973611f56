/**
 * The {@code audit-cli} operator tool (DESIGN.md sections 5 and 7): {@code verify} checks a file
 * store and {@code generate} records synthetic events for demos and load tests.
 *
 * <p>Rules: commands use only the public API of {@code audit-core} ({@code io.govaudit},
 * {@code io.govaudit.verify}); stdout carries only the command's result (a report or one JSON
 * object), everything else (progress, errors, library warnings) goes to stderr; exit status 0
 * means success (or an intact store), 1 an integrity problem, 2 a usage or I/O error. Errors are
 * printed as one line without a stack trace.
 */
package io.govaudit.cli;
