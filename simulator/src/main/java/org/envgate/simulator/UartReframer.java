package org.envgate.simulator;

import java.io.ByteArrayOutputStream;
import org.envgate.link.SerialSettings;

/**
 * What a UART at one line setting reads from bytes another UART sent at a different one: the
 * bytes are turned into the line's levels at the sender's baud rate and framing, then sampled as
 * the receiver does, which finds a start bit at each falling edge and samples each bit in its
 * middle at its own rate. A character whose stop bit (or parity, where the receiver checks one)
 * is wrong is read as {@code 0x00}, as Linux delivers it on a raw tty. Pure: no clock, no I/O.
 */
public final class UartReframer {

    /** Receivers look for a start bit this finely (UARTs oversample 16 times a bit). */
    private static final int OVERSAMPLING = 16;

    private UartReframer() {
    }

    public static byte[] reframe(byte[] bytes, SerialSettings sender, SerialSettings receiver) {
        if (bytes.length == 0 || sender.equals(receiver)) {
            return bytes;
        }
        boolean[] line = levels(bytes, sender);
        double bit = (double) sender.baud() / receiver.baud();
        boolean parity = receiver.parity() != SerialSettings.Parity.NONE;
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        double t = 0;
        while (t < line.length) {
            if (high(line, t)) {
                t += bit / OVERSAMPLING;
                continue;
            }
            double start = t;
            if (high(line, start + bit / 2)) {
                t = start + bit / 2;
                continue;
            }
            int value = 0;
            int ones = 0;
            for (int i = 0; i < receiver.dataBits(); i++) {
                if (high(line, start + bit * (1.5 + i))) {
                    value |= 1 << i;
                    ones++;
                }
            }
            double next = start + bit * (1.5 + receiver.dataBits());
            boolean good = true;
            if (parity) {
                good = parityHolds(receiver.parity(), ones, high(line, next));
                next += bit;
            }
            good &= high(line, next);
            read.write(good ? value : 0);
            t = next;
        }
        return read.toByteArray();
    }

    /** The line's level for each of the sender's bit times, bytes back to back, then idle. */
    private static boolean[] levels(byte[] bytes, SerialSettings sender) {
        boolean parity = sender.parity() != SerialSettings.Parity.NONE;
        int perChar = 1 + sender.dataBits() + (parity ? 1 : 0) + sender.stopBits();
        boolean[] line = new boolean[bytes.length * perChar];
        int k = 0;
        for (byte b : bytes) {
            line[k++] = false;
            int ones = 0;
            for (int i = 0; i < sender.dataBits(); i++) {
                boolean one = (b >> i & 1) == 1;
                ones += one ? 1 : 0;
                line[k++] = one;
            }
            if (parity) {
                line[k++] = parityBit(sender.parity(), ones);
            }
            for (int i = 0; i < sender.stopBits(); i++) {
                line[k++] = true;
            }
        }
        return line;
    }

    private static boolean high(boolean[] line, double t) {
        int index = (int) Math.floor(t);
        return index >= line.length || line[index];
    }

    private static boolean parityBit(SerialSettings.Parity parity, int ones) {
        return switch (parity) {
            case EVEN -> ones % 2 == 1;
            case ODD -> ones % 2 == 0;
            case MARK -> true;
            case SPACE, NONE -> false;
        };
    }

    private static boolean parityHolds(SerialSettings.Parity parity, int ones, boolean bit) {
        return parityBit(parity, ones) == bit;
    }
}
