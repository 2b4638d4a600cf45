package org.envgate.ingest.mqtt;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes from the broker as the MQTT client reads them, with the payload of every PUBLISH
 * taken off the stream before the client sees it and a short stand-in in its place:
 * <ul>
 * <li>a payload within the limit is read in one bulk copy and handed over
 *     ({@link PayloadHandler#taken}), so the client copies only the stand-in (Paho copies a
 *     payload twice, a byte at a time);</li>
 * <li>a payload over the limit is read in small pieces and thrown away, never held in memory
 *     ({@link PayloadHandler#oversize}).</li>
 * </ul>
 * Every other packet passes unchanged. A PUBLISH at QoS 2, which a broker must not send on
 * ingest's QoS 1 subscriptions, and malformed framing end the stream with an
 * {@link IOException}, as the MQTT client would end the connection.
 *
 * <p>A PUBLISH reaches the client only once its whole payload is taken. Reads may be interrupted
 * (a socket timeout) at any byte: the state is kept between calls.
 */
final class PayloadGuardStream extends InputStream {

    /** Fixed header (at most 5 bytes), topic length, the longest topic, packet id. */
    private static final int MAX_HEAD = 5 + 2 + 65_535 + 2;
    private static final int PUBLISH = 3;

    private enum Phase { FIXED_HEADER, TOPIC_LENGTH, TOPIC, TAKE, EMIT, PASS, SKIP }

    /** Receives each PUBLISH payload taken off the stream and names the stand-in for it. */
    interface PayloadHandler {
        /** The stand-in for a payload of {@code size} bytes, over the limit, thrown away. */
        byte[] oversize(long size);

        /** The stand-in for a payload within the limit, read whole. */
        byte[] taken(byte[] payload);
    }

    private final InputStream in;
    private final long maxPayload;
    private final PayloadHandler handler;
    private final byte[] head = new byte[MAX_HEAD];
    private final byte[] scratch = new byte[8192];
    private final byte[] one = new byte[1];
    private Phase phase = Phase.FIXED_HEADER;
    private int headLength;
    private int headNeeded = 1;
    private int remaining;
    private int variableHeaderEnd;
    private byte[] payload;
    private int payloadRead;
    private byte[] emit;
    private int emitPosition;
    private int emitLength;
    private long passThrough;
    private long skip;

    PayloadGuardStream(InputStream in, long maxPayload, PayloadHandler handler) {
        this.in = new BufferedInputStream(in, 8192);
        this.maxPayload = maxPayload;
        this.handler = handler;
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
                case TAKE -> {
                    while (payloadRead < payload.length) {
                        int n = in.read(payload, payloadRead, payload.length - payloadRead);
                        if (n < 0) {
                            return -1;
                        }
                        payloadRead += n;
                    }
                    byte[] whole = payload;
                    payload = null;
                    emitPublish(handler.taken(whole), 0);
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
        if (type != PUBLISH) {
            emit = head;
            emitPosition = 0;
            emitLength = headLength;
            passThrough = remaining;
            skip = 0;
            phase = Phase.EMIT;
            return;
        }
        int qos = (head[0] >> 1) & 3;
        if (qos == 3) {
            throw new IOException("malformed MQTT PUBLISH: QoS 3");
        }
        if (qos == 2) {
            throw new IOException("MQTT PUBLISH at QoS 2 on a subscription granted QoS 1");
        }
        phase = Phase.TOPIC_LENGTH;
        headNeeded = headLength + 2;
        if (remaining < 2) {
            throw new IOException("malformed MQTT PUBLISH: no room for its topic");
        }
    }

    /** The whole variable header of a PUBLISH is in {@code head}: take its payload. */
    private void publishHead() {
        int payloadLength = remaining - (variableHeaderEnd - fixedHeaderLength());
        if (payloadLength > maxPayload) {
            emitPublish(handler.oversize(payloadLength), payloadLength);
            return;
        }
        payload = new byte[payloadLength];
        payloadRead = 0;
        phase = Phase.TAKE;
    }

    private int fixedHeaderLength() {
        int length = 1;
        while ((head[length] & 0x80) != 0) {
            length++;
        }
        return length + 1;
    }

    /**
     * Passes on the PUBLISH whose variable header is in {@code head}, with the stand-in as its
     * payload, then throws away {@code skipAfter} bytes of the packet.
     */
    private void emitPublish(byte[] standIn, long skipAfter) {
        int fixedHeaderLength = fixedHeaderLength();
        int variableHeaderLength = variableHeaderEnd - fixedHeaderLength;
        int newRemaining = variableHeaderLength + standIn.length;
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
        System.arraycopy(standIn, 0, packet, at, standIn.length);
        at += standIn.length;
        emit = packet;
        emitPosition = 0;
        emitLength = at;
        passThrough = 0;
        skip = skipAfter;
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
