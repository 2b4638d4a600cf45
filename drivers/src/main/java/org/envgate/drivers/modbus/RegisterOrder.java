package org.envgate.drivers.modbus;

/**
 * Where the bytes of a value sit in its registers. A, B, C, D are the value's bytes from most to
 * least significant; the name lists them as they come on the wire (first register's high byte
 * first). Devices disagree: ABCD is the big-endian order of the Modbus specification, CDAB swaps
 * the two registers (common for 32-bit values), BADC and DCBA swap the bytes inside each register.
 * A 16-bit value is AB in ABCD and CDAB, and BA in BADC and DCBA.
 */
public enum RegisterOrder {
    ABCD, CDAB, BADC, DCBA;

    /** The value's bytes, most significant first, from the wire bytes of its registers. */
    byte[] valueBytes(byte[] wire) {
        if (wire.length == 2) {
            return this == ABCD || this == CDAB ? wire.clone() : new byte[] {wire[1], wire[0]};
        }
        String order = name();
        byte[] value = new byte[4];
        for (int position = 0; position < 4; position++) {
            value[order.charAt(position) - 'A'] = wire[position];
        }
        return value;
    }
}
