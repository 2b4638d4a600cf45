package org.envgate.wire;

import java.util.Optional;

/** The quality tests whose names a reading's {@code qt} lists when they flagged it. */
public enum QcTest {
    GROSS_RANGE("gross_range"),
    FLAT_LINE("flat_line"),
    SPIKE("spike"),
    RATE_OF_CHANGE("rate_of_change"),
    WARM_UP("warm_up"),
    CALIBRATION_AGE("calibration_age");

    private final String id;

    QcTest(String id) {
        this.id = id;
    }

    /** The name on the wire, in the store and in the config. */
    public String id() {
        return id;
    }

    public static Optional<QcTest> byId(String id) {
        for (QcTest test : values()) {
            if (test.id.equals(id)) {
                return Optional.of(test);
            }
        }
        return Optional.empty();
    }
}
