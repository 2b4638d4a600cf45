package org.envgate.link;

/**
 * Line settings of a serial port. Ignored by TCP links: a serial device server has its own.
 *
 * @param baud     bits per second, e.g. 9600
 * @param dataBits 5 to 8
 * @param parity   none, even, odd, mark or space
 * @param stopBits 1 or 2 (1.5 is written as 15, as jssc does)
 */
public record SerialSettings(int baud, int dataBits, Parity parity, int stopBits) {

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public static final SerialSettings DEFAULT_9600_8N1 = new SerialSettings(9600, 8, Parity.NONE, 1);

    public SerialSettings {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive: " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits must be 5 to 8: " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2 && stopBits != 15) {
            throw new IllegalArgumentException("stop bits must be 1, 1.5 or 2: " + stopBits);
        }
    }

    public SerialSettings withBaud(int newBaud) {
        return new SerialSettings(newBaud, dataBits, parity, stopBits);
    }

    @Override
    public String toString() {
        return baud + " " + dataBits + parity.name().charAt(0) + (stopBits == 15 ? "1.5" : String.valueOf(stopBits));
    }
}
