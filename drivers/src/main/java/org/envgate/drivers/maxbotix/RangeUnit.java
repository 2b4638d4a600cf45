package org.envgate.drivers.maxbotix;

import org.envgate.drivers.Resolution;

/** The {@code range-unit:} option: what the digits after {@code R} count, which depends on the model family. */
public enum RangeUnit {
    /** HRXL-MaxSonar and other high-resolution models: {@code R} and 4 digits in millimetres. */
    MM(4, 5000, Resolution.of("0.001")),
    /** LV-MaxSonar-EZ and other 1-inch models: {@code R} and 3 digits in inches. */
    INCH(3, 255, Resolution.of("0.0254"));

    private final int digits;
    private final int noTargetReading;
    private final Resolution metres;

    RangeUnit(int digits, int noTargetReading, Resolution metres) {
        this.digits = digits;
        this.noTargetReading = noTargetReading;
        this.metres = metres;
    }

    /** One step of the reading, in metres: 1 mm, or 1 inch (0.0254 m exactly). */
    public Resolution resolution() {
        return metres;
    }

    /** How many digits follow the {@code R}. */
    public int digits() {
        return digits;
    }

    /** A reading in metres; divided rather than multiplied, so 1523 mm is exactly the double nearest 1.523. */
    public double metres(int reading) {
        return this == MM ? reading / 1000.0 : reading * 254 / 10000.0;
    }

    /** The reading the common models of this family send when nothing is in range (HRXL 5 m: 5000; LV-EZ: 255). */
    public int defaultNoTargetReading() {
        return noTargetReading;
    }
}
