package org.envgate.wire;

/**
 * One SenML record after base-value resolution (RFC 8428 section 4.6): the full name, unit,
 * numeric value and absolute time.
 */
public record SenmlRecord(String name, String unit, double value, long timeMillis) {
}
