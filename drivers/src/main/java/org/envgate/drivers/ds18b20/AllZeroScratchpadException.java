package org.envgate.drivers.ds18b20;

import org.envgate.drivers.FrameException;

/**
 * Nine zero bytes: the data line read low all along. The CRC of zeros is zero, so the kernel
 * says {@code crc=00 YES} and {@code t=0}, a plausible but false 0 Cel.
 */
public class AllZeroScratchpadException extends FrameException {
    public AllZeroScratchpadException() {
        super("all-zero scratchpad (crc=00 YES, t=0): the data line is held low; sensor disconnected or shorted");
    }
}
