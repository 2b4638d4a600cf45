package org.envgate.ingest.mqtt;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes from the broker as the MQTT client reads them, with the payload of every PUBLISH
 * larger than the limit replaced, before it is read into memory, by a short marker naming its
 * size; the excess is read in small pieces and thrown away. Every other packet, and every
 * PUBLISH within the limit, passes unchanged. Malformed framing ends the stream with an
 * {@link IOException}, as the MQTT client would end the connection.
 *
 * <p>Reads may be interrupted (a socket timeout) at any byte: the state is kept between calls.
 */
final class OversizeGuardStream extends InputStream {

    /** Fixed header (at most 5 bytes), topic length, the longest topic, packet id. */
    private static final int MAX_HEAD = 5 + 2 + 65_535 + 2;
    private static final int PUBLISH = 3;

    private enum Phase { FIXED_HEADER, TOPIC_LENGTH, TOPIC, EMIT, PASS, SKIP }

    /** Makes the payload that stands for a dropped one of {@code size} bytes. */
    @FunctionalInterface
    interface Marker {
        byte[] forSize(long size);
    }

    private final InputStream in;
    private final long maxPayload;
    private final Marker marker;
    private final byte[] head = new byte[MAX_HEAD];
    private final byte[] scratch = new byte[8192];
    private final byte[] one = new byte[1];
    private Phase phase = Phase.FIXED_HEADER;
    private int headLength;
    private int headNeeded = 1;
    private int remaining;
    private int variableHeaderEnd;
    private byte[] emit;
    private int emitPosition;
    private int emitLength;
    private long passThrough;
    private long skip;

    OversizeGuardStream(InputStream in, long maxPayload, Marker marker) {
        this.in = new BufferedInputStream(in, 8192);
        this.maxPayload = maxPayload;
        this.marker = marker;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            switch (phase) {
                case EMIT -> {
                    if (emitPosition < emitLength) {
                        int n = Math.min(len, emitLength - emitPosition);
                        System.arraycopy(emit, emitPosition, b, off, n);
                        emitPosition += n;
                        return n;
                    }
                    phase = passThrough > 0 ? Phase.PASS : skip > 0 ? Phase.SKIP : nextPacket();
                }
                case PASS -> {
                    int n = in.read(b, off, (int) Math.min(len, passThrough));
                    if (n < 0) {
                        return -1;
                    }
                    passThrough -= n;
                    if (passThrough == 0) {
                        phase = nextPacket();
                    }
                    return n;
                }
                case SKIP -> {
                    while (skip > 0) {
                        int n = in.read(scratch, 0, (int) Math.min(scratch.length, skip));
                        if (n < 0) {
                            return -1;
                        }
                        skip -= n;
                    }
                    phase = nextPacket();
                }
                default -> {
                    if (!collectHead()) {
                        return -1;
                    }
                }
            }
        }
    }

    private Phase nextPacket() {
        headLength = 0;
        headNeeded = 1;
        return Phase.FIXED_HEADER;
    }

    /**
     * Reads the bytes the current phase needs into {@code head} and moves on.
     *
     * @return false at the end of the stream between packets
     */
    private boolean collectHead() throws IOException {
        while (headLength < headNeeded) {
            int n = in.read(head, headLength, headNeeded - headLength);
            if (n < 0) {
                if (headLength == 0 && phase == Phase.FIXED_HEADER) {
                    return false;
                }
                throw new EOFException("connection closed inside an MQTT packet header");
            }
            headLength += n;
        }
        switch (phase) {
            case FIXED_HEADER -> fixedHeaderByte();
            case TOPIC_LENGTH -> {
                int topicLength = ((head[headLength - 2] & 0xFF) << 8) | (head[headLength - 1] & 0xFF);
                int qos = (head[0] >> 1) & 3;
                variableHeaderEnd = headLength + topicLength + (qos > 0 ? 2 : 0);
                phase = Phase.TOPIC;
                headNeeded = variableHeaderEnd;
                if (variableHeaderEnd - (headLength - 2) > remaining) {
                    throw new IOException("malformed MQTT PUBLISH: topic longer than the packet");
                }
            }
            default -> publishHead();
        }
        return true;
    }

    private void fixedHeaderByte() throws IOException {
        if (headLength == 1) {
            headNeeded = 2;
            return;
        }
        if ((head[headLength - 1] & 0x80) != 0) {
            if (headLength == 5) {
                throw new IOException("malformed MQTT remaining length: more than 4 bytes");
            }
            headNeeded = headLength + 1;
            return;
        }
        remaining = 0;
        for (int i = headLength - 1; i >= 1; i--) {
            remaining = (remaining << 7) | (head[i] & 0x7F);
        }
        int type = (head[0] >> 4) & 0x0F;
        if (type == PUBLISH && ((head[0] >> 1) & 3) == 3) {
            throw new IOException("malformed MQTT PUBLISH: QoS 3");
        }
        if (type != PUBLISH || remaining <= maxPayload) {
            emitHead(remaining);
            return;
        }
        phase = Phase.TOPIC_LENGTH;
        headNeeded = headLength + 2;
    }

    /** The whole variable header of a PUBLISH longer than the limit is in {@code head}. */
    private void publishHead() {
        int fixedHeaderLength = fixedHeaderLength();
        int variableHeaderLength = variableHeaderEnd - fixedHeaderLength;
        long payload = (long) remaining - variableHeaderLength;
        if (payload <= maxPayload) {
            emitHead(payload);
            return;
        }
        byte[] stand = marker.forSize(payload);
        int newRemaining = variableHeaderLength + stand.length;
        byte[] packet = new byte[5 + newRemaining];
        int at = 0;
        packet[at++] = head[0];
        int left = newRemaining;
        do {
            int digit = left & 0x7F;
            left >>>= 7;
            packet[at++] = (byte) (left > 0 ? digit | 0x80 : digit);
        } while (left > 0);
        System.arraycopy(head, fixedHeaderLength, packet, at, variableHeaderLength);
        at += variableHeaderLength;
        System.arraycopy(stand, 0, packet, at, stand.length);
        at += stand.length;
        emit = packet;
        emitPosition = 0;
        emitLength = at;
        passThrough = 0;
        skip = payload;
        phase = Phase.EMIT;
    }

    private int fixedHeaderLength() {
        int length = 1;
        while ((head[length] & 0x80) != 0) {
            length++;
        }
        return length + 1;
    }

    /** Passes what is in {@code head} on as it came, then {@code rest} more bytes of the packet. */
    private void emitHead(long rest) {
        emit = head;
        emitPosition = 0;
        emitLength = headLength;
        passThrough = rest;
        skip = 0;
        phase = Phase.EMIT;
    }

    @Override
    public int available() throws IOException {
        if (phase == Phase.EMIT && emitPosition < emitLength) {
            return emitLength - emitPosition;
        }
        return phase == Phase.PASS ? (int) Math.min(in.available(), passThrough) : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
