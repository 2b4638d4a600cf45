package org.envgate.simulator.pms5003;

/**
 * What a PMS5003T's or PMS5003ST's extra sensors measured, in the frame's units.
 *
 * @param temperatureTenths temperature in 0.1 Cel
 * @param humidityTenths    relative humidity in 0.1 %RH
 * @param formaldehyde      formaldehyde in 0.001 mg/m3 (PMS5003ST only)
 */
public record ClimateSample(int temperatureTenths, int humidityTenths, int formaldehyde) {
}
