package org.envgate.link;

/**
 * A device on a {@link MockI2cBus}, as the simulator's twins are: it sees each transaction the
 * gateway's driver makes at its address, as the real chip would on the wire.
 */
public interface I2cTarget {

    /**
     * One write transaction: the address with the write bit, then {@code bytes} (a register
     * pointer and data, or a command).
     *
     * @throws I2cNoAnswerException when the device does not acknowledge
     */
    void write(byte[] bytes) throws I2cNoAnswerException;

    /**
     * One read transaction of {@code length} bytes.
     *
     * @throws I2cNoAnswerException when the device does not acknowledge its address
     */
    byte[] read(int length) throws I2cNoAnswerException;
}
