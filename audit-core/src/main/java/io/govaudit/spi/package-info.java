/**
 * Service provider interfaces: extension points that applications implement or pick from
 * static factories. {@link io.govaudit.spi.AnchorSink} publishes signed checkpoints to places an
 * intruder on the log's host cannot rewrite (docs/format.md sections 3-5).
 *
 * <p>Rules: implementations are user code; the trail calls them off its writer thread and
 * guards them, so a failing or slow sink raises an alert but never blocks or breaks recording.
 */
package io.govaudit.spi;
