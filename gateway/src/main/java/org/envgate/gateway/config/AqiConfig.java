package org.envgate.gateway.config;

import java.util.List;
import java.util.Map;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.wire.Quantity;

/**
 * The {@code aqi:} section: which indexes the station computes and which sensor stands for
 * each pollutant.
 *
 * @param indexes  the indexes, in the order configured; empty when the section is absent
 * @param sensors  for each pollutant ({@code pm2_5}, {@code pm10}) the id of the sensor to use
 */
public record AqiConfig(List<Aqi> indexes, Map<Quantity, String> sensors) {

    public static final AqiConfig NONE = new AqiConfig(List.of(), Map.of());

    public AqiConfig {
        indexes = List.copyOf(indexes);
        sensors = Map.copyOf(sensors);
    }

    public boolean enabled() {
        return !indexes.isEmpty();
    }
}
