/**
 * The {@code audit-cli} operator tool (DESIGN.md sections 5, 6 and 7): {@code verify} checks a
 * file store, {@code generate} records synthetic events for demos, load tests and retention or
 * capacity drills, and {@code plan} plans the storage capacity of a chain.
 *
 * <p>Rules: commands use only the public API of {@code audit-core} ({@code io.govaudit},
 * {@code io.govaudit.verify}); stdout carries only the command's result (a report or one JSON
 * object), everything else (progress, errors, library warnings) goes to stderr; exit status 0
 * means success (or an intact store), 1 an integrity problem, 2 a usage or I/O error, 3 an event
 * refused by the trail ({@code generate --on-full fail-closed}). Errors are printed as one line
 * without a stack trace.
 */
package io.govaudit.cli;
