package org.envgate.drivers.senseairs8;

import java.util.ArrayList;
import java.util.List;

/**
 * The S8's meter status (input register IR1, address 0x0000). Bits 0 to 6 are error flags
 * ("Modbus on Senseair S8", TDE2067, input register table); any of them set means the CO2 value
 * must not be used. Pure.
 */
public final class S8MeterStatus {

    /** Bit 0: the sensor cannot measure at all. */
    public static final int FATAL_ERROR = 1 << 0;
    public static final int OFFSET_REGULATION_ERROR = 1 << 1;
    public static final int ALGORITHM_ERROR = 1 << 2;
    public static final int OUTPUT_ERROR = 1 << 3;
    public static final int SELF_DIAGNOSTICS_ERROR = 1 << 4;
    /** Bit 5: the concentration is outside the measuring range. */
    public static final int OUT_OF_RANGE = 1 << 5;
    public static final int MEMORY_ERROR = 1 << 6;

    private static final String[] NAMES = {
        "fatal error", "offset regulation error", "algorithm error", "output error",
        "self-diagnostics error", "out of range", "memory error"
    };

    private S8MeterStatus() {
    }

    /** The names of the error flags set in {@code status}, lowest bit first; empty when all is well. */
    public static List<String> faults(int status) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 16; bit++) {
            if ((status & (1 << bit)) != 0) {
                names.add(bit < NAMES.length ? NAMES[bit] : "status bit " + bit);
            }
        }
        return names;
    }
}
