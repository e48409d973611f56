/**
 * Key material: the forward-secure epoch keys of a keyed chain and the Ed25519 keys that sign
 * checkpoints (docs/format.md sections 3-5). Internal: not API.
 *
 * <p>Rules: key bytes never reach a log message, an exception message or a record; files holding
 * keys are created 0600; an epoch key that is no longer needed is overwritten with zeros, in
 * memory and in its state file.
 */
package io.govaudit.internal.keys;
