package org.envgate.wire;

/**
 * One SenML record after base-value resolution (RFC 8428 section 4.6): the full name, unit,
 * numeric value and absolute time, with its quality fields ({@code qc}, {@code qt}, {@code raw}).
 */
public record SenmlRecord(String name, String unit, double value, long timeMillis, Quality quality) {

    public SenmlRecord(String name, String unit, double value, long timeMillis) {
        this(name, unit, value, timeMillis, Quality.GOOD);
    }
}
