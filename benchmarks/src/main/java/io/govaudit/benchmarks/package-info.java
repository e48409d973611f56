/**
 * JMH benchmarks for govaudit (not published): record throughput against logback baselines,
 * verifier speed against raw SHA-256, and the machine's fsync latency. See
 * {@code benchmarks/README.md} for how to run them and the latest figures.
 */
package io.govaudit.benchmarks;
