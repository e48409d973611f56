/**
 * The record format (docs/format.md sections 1-2): body encoding, chain encoding and hashing, and the
 * in-place reader used by recovery and the verifier. No logging here (STYLE.md S44).
 */
package io.govaudit.internal.format;
