package org.envgate.drivers.modbus;

import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;

/**
 * Checks a slave's answer against the request it answers and takes out its data. Pure: no I/O,
 * no clock. RTU frames are delimited by silence on the line; the master knows from the request
 * and the first bytes how long the answer must be ({@link #answerLength}) and decodes it when
 * that many bytes are in.
 */
public final class ModbusResponseDecoder {

    /** Address, function, exception code and CRC. */
    public static final int EXCEPTION_LENGTH = 5;

    private ModbusResponseDecoder() {
    }

    /**
     * The length of the whole answer as far as the first {@code received} bytes tell, or -1 when
     * they do not tell yet. An answer carrying an exception is 5 bytes long, whatever was asked.
     */
    public static int answerLength(ModbusRequest request, byte[] bytes, int received) {
        if (received < 2) {
            return -1;
        }
        if ((bytes[1] & 0xFF) == (request.function() | 0x80)) {
            return EXCEPTION_LENGTH;
        }
        if (!request.isRead()) {
            return request.answerLength();
        }
        return received < 3 ? -1 : 5 + (bytes[2] & 0xFF);
    }

    /**
     * Decodes the answer to {@code request}: the registers read (unsigned 16-bit values), the
     * coils or discrete inputs read (0 or 1), or for a write the echoed address and value (06) or
     * address and count (16).
     *
     * @throws ChecksumMismatchException when the CRC does not match the bytes
     * @throws MalformedFrameException   when the answer is from another slave, for another
     *                                   function, or its size or byte count is wrong
     * @throws ModbusExceptionResponse   when the slave answered with an exception
     */
    public static int[] decode(ModbusRequest request, byte[] frame)
            throws ChecksumMismatchException, MalformedFrameException, ModbusExceptionResponse {
        if (frame.length < EXCEPTION_LENGTH) {
            throw new MalformedFrameException("answer too short: " + frame.length + " bytes");
        }
        int computed = ModbusCrc.compute(frame, 0, frame.length - 2);
        int carried = ModbusCrc.carried(frame, frame.length);
        if (computed != carried) {
            throw new ChecksumMismatchException(computed, carried);
        }
        int slave = frame[0] & 0xFF;
        if (slave != request.slave()) {
            throw new MalformedFrameException(String.format("answer from slave %d, asked slave %d", slave, request.slave()));
        }
        return decodePdu(request, frame, 1, frame.length - 2);
    }

    /**
     * Decodes the protocol data unit of an answer, {@code frame[from..to)}: function code and data,
     * as RTU and TCP frames both carry it.
     *
     * @throws MalformedFrameException when it answers another function, or its size or byte count is wrong
     * @throws ModbusExceptionResponse when the slave answered with an exception
     */
    static int[] decodePdu(ModbusRequest request, byte[] frame, int from, int to)
            throws MalformedFrameException, ModbusExceptionResponse {
        int length = to - from;
        if (length < 2) {
            throw new MalformedFrameException("answer too short: " + length + " bytes after the address");
        }
        int function = frame[from] & 0xFF;
        if (function == (request.function() | 0x80)) {
            if (length != 2) {
                throw new MalformedFrameException("exception answer must be 2 bytes after the address, got " + length);
            }
            throw new ModbusExceptionResponse("", request.function(), frame[from + 1] & 0xFF);
        }
        if (function != request.function()) {
            throw new MalformedFrameException(String.format("answer for function %02x, asked %02x", function, request.function()));
        }
        int expected = request.answerLength() - 3;
        if (length != expected) {
            throw new MalformedFrameException("answer must be " + expected + " bytes after the address, got " + length);
        }
        if (!request.isRead()) {
            return echo(request, frame, from);
        }
        return request.readsBits() ? bits(request, frame, from) : registers(request, frame, from);
    }

    /** Coils or discrete inputs, 1 or 0: eight to a byte, the first in the lowest bit of the first byte. */
    private static int[] bits(ModbusRequest request, byte[] frame, int from) throws MalformedFrameException {
        int byteCount = frame[from + 1] & 0xFF;
        int expected = (request.count() + 7) / 8;
        if (byteCount != expected) {
            throw new MalformedFrameException("byte count must be " + expected + ", got " + byteCount);
        }
        int[] bits = new int[request.count()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = frame[from + 2 + i / 8] >> (i % 8) & 1;
        }
        return bits;
    }

    private static int[] registers(ModbusRequest request, byte[] frame, int from) throws MalformedFrameException {
        int byteCount = frame[from + 1] & 0xFF;
        if (byteCount != 2 * request.count()) {
            throw new MalformedFrameException("byte count must be " + 2 * request.count() + ", got " + byteCount);
        }
        int[] registers = new int[request.count()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = word(frame, from + 2 + 2 * i);
        }
        return registers;
    }

    /** A write's answer repeats the address and the value (06) or the count (16). */
    private static int[] echo(ModbusRequest request, byte[] frame, int from) throws MalformedFrameException {
        int address = word(frame, from + 1);
        int second = word(frame, from + 3);
        int expected = request.function() == ModbusRequest.WRITE_SINGLE_REGISTER ? request.values()[0] : request.count();
        if (address != request.address() || second != expected) {
            throw new MalformedFrameException(String.format("write answer echoes 0x%04x = %d, asked 0x%04x = %d",
                    address, second, request.address(), expected));
        }
        return new int[] {address, second};
    }

    static int word(byte[] frame, int at) {
        return (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
    }
}
