package org.envgate.gateway.aggregate;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One record of a {@code P/G/aggregates} pack: a window's statistic
 * ({@code <sensor>/<quantity>/<stat>_<window>}) or the station's index
 * ({@code _station/aqi_vn_1h}, with its category and dominant pollutant).
 *
 * @param name       below the gateway id
 * @param unit       the SenML unit, if the value has one
 * @param timeMillis the window's start
 */
public record AggregateRecord(String name, Optional<String> unit, double value, long timeMillis,
                              OptionalInt category, Optional<String> dominant) {

    static AggregateRecord stat(String name, String unit, double value, long timeMillis) {
        return new AggregateRecord(name, Optional.ofNullable(unit), value, timeMillis, OptionalInt.empty(), Optional.empty());
    }
}
