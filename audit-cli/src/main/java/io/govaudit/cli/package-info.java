/**
 * The {@code audit-cli} operator tool (docs/format.md sections 3-5, 9): {@code verify} checks a
 * file store (with the HMAC seed, trusted public keys and anchors of keyed, signed chains),
 * {@code generate} records synthetic events for demos, load tests and retention, capacity or key
 * rotation drills, {@code plan} plans the storage capacity of a chain, and {@code keygen}
 * creates the seed and signing key pair.
 *
 * <p>Rules: commands use only the public API of {@code audit-core} ({@code io.govaudit},
 * {@code io.govaudit.verify}, {@code io.govaudit.spi}), with one exception: {@code keygen} and
 * the key ids shown by {@code generate} and {@code verify} use
 * {@code io.govaudit.internal.keys.Ed25519Keys}, so the tool writes and names keys exactly as the
 * library reads them (same project, not an API for others); stdout carries only the command's result (a report or one JSON
 * object), everything else (progress, errors, library warnings) goes to stderr; exit status 0
 * means success (or an intact store), 1 an integrity problem, 2 a usage or I/O error, 3 an event
 * refused by the trail ({@code generate --on-full fail-closed}). Errors are printed as one line
 * without a stack trace.
 */
package io.govaudit.cli;
