package org.envgate.drivers.modbus;

import org.envgate.drivers.SensorErrorException;
import java.util.Map;

/**
 * The slave answered with an exception response (function code | 0x80): it heard the request
 * and refused it. Not a timeout and not a corrupt frame: the device says what is wrong.
 */
public class ModbusExceptionResponse extends SensorErrorException {

    /** The register range asked for is not all there (or not all readable in one request). */
    public static final int ILLEGAL_DATA_ADDRESS = 0x02;

    /** The exception codes of the Modbus application protocol V1.1b3, section 7. */
    private static final Map<Integer, String> NAMES = Map.of(
            0x01, "ILLEGAL FUNCTION",
            0x02, "ILLEGAL DATA ADDRESS",
            0x03, "ILLEGAL DATA VALUE",
            0x04, "SLAVE DEVICE FAILURE",
            0x05, "ACKNOWLEDGE",
            0x06, "SLAVE DEVICE BUSY",
            0x08, "MEMORY PARITY ERROR",
            0x0A, "GATEWAY PATH UNAVAILABLE",
            0x0B, "GATEWAY TARGET DEVICE FAILED TO RESPOND");

    private final int function;
    private final int code;

    /**
     * @param context  what was asked of whom, e.g. {@code /dev/ttyUSB0: slave 3: read input registers 0x0000 (2)},
     *                 or empty
     * @param function the function code of the request
     * @param code     the exception code the slave sent
     */
    public ModbusExceptionResponse(String context, int function, int code) {
        super((context.isEmpty() ? "" : context + ": ")
                + String.format("exception %02x %s (function %02x)", code, name(code), function));
        this.function = function;
        this.code = code;
    }

    /** The name the Modbus specification gives the code, e.g. {@code SLAVE DEVICE FAILURE}. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, "UNKNOWN EXCEPTION CODE");
    }

    public int function() {
        return function;
    }

    public int code() {
        return code;
    }
}
