package org.envgate.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import org.envgate.drivers.FrameCounters;
import org.envgate.link.Link;

/**
 * Runs Modbus transactions as a master over one link, one complete exchange per call, so that
 * sensors sharing a link can take turns between calls: {@link RtuMaster} on a serial line or a
 * serial device server, {@link TcpMaster} for Modbus TCP.
 */
public interface ModbusMaster {

    /**
     * One transaction: the registers or bits read (bits as 0 or 1), or the echo of a write.
     *
     * @param purpose what the answer is for, e.g. {@code ph, temperature}, named in every error; or empty
     * @throws org.envgate.drivers.SensorTimeoutException no answer, a torn one, or a corrupt one within the response timeout
     * @throws ModbusExceptionResponse                    the slave refused the request
     */
    int[] transact(Link link, ModbusRequest request, String purpose) throws IOException;

    /** {@link #transact(Link, ModbusRequest, String)} for a request that speaks for itself. */
    default int[] transact(Link link, ModbusRequest request) throws IOException {
        return transact(link, request, "");
    }

    Duration responseTimeout();

    /** Answers decoded, and answers dropped for a wrong checksum or shape, since start. */
    FrameCounters counters();
}
