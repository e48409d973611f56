/**
 * The verifier (docs/format.md section 9): reads a store in a single streaming pass with constant
 * memory and reports, per chain, what it read and every problem with its kind, seq and
 * file:line. It never stops at the first problem and never samples: every link is checked.
 */
package io.govaudit.verify;
