package org.envgate.drivers.pms5003;

/**
 * The data frames of the Plantower sensors that share the PMS5003's framing ({@code 42 4D}, a
 * length field, a 16-bit sum): which length field a data frame has and what its words hold.
 * The PMS5003 and the PMS5003T send the same length, so the configured model decides.
 */
public enum Pms5003Layout {

    /** PMS5003, PMS7003: 3 CF=1 and 3 atmospheric PM values, 6 particle counts, version and error code. */
    PMS5003(28),
    /** PMS5003T: as the PMS5003, with temperature and humidity in place of the two largest particle counts. */
    PMS5003T(28),
    /** PMS5003ST: as the PMS5003, then formaldehyde, temperature, humidity and a reserved word. */
    PMS5003ST(36);

    private final int lengthField;

    Pms5003Layout(int lengthField) {
        this.lengthField = lengthField;
    }

    /** The frame's length field: the data words and the checksum, in bytes. */
    public int lengthField() {
        return lengthField;
    }

    /** Bytes in a data frame, start characters and checksum included. */
    public int size() {
        return lengthField + 4;
    }
}
