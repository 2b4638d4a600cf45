package org.envgate.drivers;

import java.util.List;

/** A driver whose every read gives the same values, to feed the wrapper in tests. */
final class FixedValuesDriver implements SensorDriver {

    private final List<Measurement> values;

    private FixedValuesDriver(List<Measurement> values) {
        this.values = values;
    }

    static SensorDriver sending(Measurement... values) {
        return new FixedValuesDriver(List.of(values));
    }

    @Override
    public void open(DriverContext context) {
    }

    @Override
    public List<Measurement> read() {
        return values;
    }

    @Override
    public void close() {
    }
}
