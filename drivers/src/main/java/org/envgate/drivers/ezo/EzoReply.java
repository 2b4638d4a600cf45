package org.envgate.drivers.ezo;

import java.util.Map;

/**
 * One line an EZO circuit sends in UART mode (each ends in a carriage return): a response code
 * such as {@code *OK}, or data such as {@code 7.012} or {@code ?I,pH,2.16}.
 */
public record EzoReply(String line) {

    /** The response codes of the EZO datasheets, with what they mean to a technician. */
    static final Map<String, String> CODES = Map.of(
            "*OK", "command accepted",
            "*ER", "unknown command or error",
            "*OV", "over voltage (VCC above 5.5 V)",
            "*UV", "under voltage (VCC below 3.1 V)",
            "*RS", "the circuit reset",
            "*RE", "boot up complete, ready",
            "*SL", "asleep",
            "*WA", "woke up");

    public boolean isCode() {
        return line.startsWith("*");
    }

    public boolean isOk() {
        return line.equals("*OK");
    }

    /** The code's meaning, or the line itself when it is not a known code. */
    public String meaning() {
        return CODES.getOrDefault(line, line);
    }
}
