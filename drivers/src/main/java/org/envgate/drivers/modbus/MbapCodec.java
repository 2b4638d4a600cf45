package org.envgate.drivers.modbus;

import org.envgate.drivers.MalformedFrameException;

/**
 * Modbus TCP framing (Modbus Messaging on TCP/IP, section 3.1.3): each request and answer is an
 * application data unit of a 7-byte MBAP header (transaction id, protocol id 0, length, unit id)
 * and the protocol data unit, with no CRC (TCP checks the bytes). Pure: no I/O, no clock. The
 * length field is checked against the protocol's limit before a master allocates for the rest.
 */
public final class MbapCodec {

    /** Transaction id, protocol id, length, unit id. */
    public static final int HEADER_LENGTH = 7;
    /** Unit id and the longest PDU (253 bytes): an ADU is at most 260 bytes. */
    public static final int MAX_LENGTH_FIELD = 254;
    /** Unit id, function code and one byte: the shortest answer is an exception. */
    static final int MIN_LENGTH_FIELD = 3;

    private MbapCodec() {
    }

    /** The request's ADU: its unit id is {@link ModbusRequest#slave()}. */
    public static byte[] encode(ModbusRequest request, int transactionId) {
        byte[] pdu = request.pdu();
        byte[] adu = new byte[HEADER_LENGTH + pdu.length];
        adu[0] = (byte) (transactionId >>> 8);
        adu[1] = (byte) transactionId;
        adu[4] = (byte) ((pdu.length + 1) >>> 8);
        adu[5] = (byte) (pdu.length + 1);
        adu[6] = (byte) request.slave();
        System.arraycopy(pdu, 0, adu, HEADER_LENGTH, pdu.length);
        return adu;
    }

    /** The transaction id of a header ({@link #HEADER_LENGTH} bytes or more). */
    public static int transactionId(byte[] header) {
        return ModbusResponseDecoder.word(header, 0);
    }

    /**
     * The length of the whole ADU a header announces, from its first {@link #HEADER_LENGTH} bytes.
     *
     * @throws MalformedFrameException when the protocol id is not 0 or the length is outside what the protocol allows
     */
    public static int aduLength(byte[] header) throws MalformedFrameException {
        if (header.length < HEADER_LENGTH) {
            throw new MalformedFrameException("MBAP header needs " + HEADER_LENGTH + " bytes, got " + header.length);
        }
        int protocol = ModbusResponseDecoder.word(header, 2);
        if (protocol != 0) {
            throw new MalformedFrameException("MBAP protocol id must be 0 (Modbus), got " + protocol);
        }
        int length = ModbusResponseDecoder.word(header, 4);
        if (length < MIN_LENGTH_FIELD || length > MAX_LENGTH_FIELD) {
            throw new MalformedFrameException("MBAP length must be " + MIN_LENGTH_FIELD + " to " + MAX_LENGTH_FIELD
                    + ", got " + length);
        }
        return HEADER_LENGTH - 1 + length;
    }

    /**
     * Decodes {@code adu}, the answer to {@code request} sent with {@code transactionId}: the
     * registers or bits read, or a write's echo, as {@link ModbusResponseDecoder#decode}.
     *
     * @throws MalformedFrameException when the header is wrong, the answer is for another
     *                                 transaction or unit, or the PDU is malformed
     * @throws ModbusExceptionResponse when the device answered with an exception
     */
    public static int[] decode(ModbusRequest request, int transactionId, byte[] adu)
            throws MalformedFrameException, ModbusExceptionResponse {
        int length = aduLength(adu);
        if (adu.length != length) {
            throw new MalformedFrameException("MBAP header announces " + length + " bytes, got " + adu.length);
        }
        if (transactionId(adu) != transactionId) {
            throw new MalformedFrameException("answer to transaction " + transactionId(adu) + ", asked " + transactionId);
        }
        int unit = adu[6] & 0xFF;
        if (unit != request.slave()) {
            throw new MalformedFrameException("answer from unit " + unit + ", asked unit " + request.slave());
        }
        return ModbusResponseDecoder.decodePdu(request, adu, HEADER_LENGTH, adu.length);
    }
}
