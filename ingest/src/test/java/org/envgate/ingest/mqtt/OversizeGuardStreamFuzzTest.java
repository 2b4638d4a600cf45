package org.envgate.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The guard's MQTT framing fed any bytes, in pieces of any size: it ends with the stream or an
 * IOException, what it passes on is the input with only over-limit PUBLISH payloads replaced by
 * the marker, and no packet it passes on carries a payload over the limit.
 */
class OversizeGuardStreamFuzzTest {

    private static final byte[] MARKER_PREFIX = "MARK:".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param bytes the limit (first byte, 0-63), the size of the reader's buffer and of the pieces
     *              the socket hands out (second byte), then what the broker sends
     */
    @FuzzTest
    void framing(byte[] bytes) {
        if (bytes.length < 2) {
            return;
        }
        int maxPayload = bytes[0] & 0x3F;
        int piece = 1 + (bytes[1] & 0xFF);
        byte[] input = Arrays.copyOfRange(bytes, 2, bytes.length);
        OversizeGuardStream guard = new OversizeGuardStream(new Trickle(input, piece), maxPayload,
                size -> (new String(MARKER_PREFIX, StandardCharsets.US_ASCII) + size).getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean failed = false;
        try {
            byte[] buffer = new byte[1 + (piece * 7) % 300];
            for (int n; (n = guard.read(buffer, 0, buffer.length)) >= 0; ) {
                assertTrue(n > 0, "a read of a non-empty buffer returns bytes or the end");
                out.write(buffer, 0, n);
            }
        } catch (IOException malformed) {
            failed = true;
        }
        checkOutput(input, out.toByteArray(), maxPayload, failed);
    }

    /** Walks input and output packet by packet side by side. */
    private static void checkOutput(byte[] input, byte[] output, int maxPayload, boolean failed) {
        int in = 0;
        int out = 0;
        while (in < input.length) {
            int[] header = fixedHeader(input, in);
            if (header == null) {
                // Truncated or malformed header: nothing more is passed on.
                assertEquals(out, output.length, "nothing passed on after a broken header");
                return;
            }
            int headerLength = header[0];
            int remaining = header[1];
            int type = (input[in] >> 4) & 0x0F;
            long packetEnd = (long) in + headerLength + remaining;
            if (type == 3 && remaining > maxPayload) {
                int qos = (input[in] >> 1) & 3;
                int topicAt = in + headerLength;
                if (topicAt + 2 > input.length || qos == 3) {
                    assertEquals(out, output.length);
                    return;
                }
                int variable = 2 + (((input[topicAt] & 0xFF) << 8) | (input[topicAt + 1] & 0xFF)) + (qos > 0 ? 2 : 0);
                if (variable > remaining || topicAt + variable > input.length) {
                    assertEquals(out, output.length);
                    return;
                }
                long payload = remaining - variable;
                if (payload > maxPayload) {
                    byte[] marker = (new String(MARKER_PREFIX, StandardCharsets.US_ASCII) + payload)
                            .getBytes(StandardCharsets.US_ASCII);
                    int[] outHeader = fixedHeader(output, out);
                    assertTrue(outHeader != null, "the replaced packet has a whole header");
                    assertEquals(variable + marker.length, outHeader[1]);
                    assertEquals(input[in], output[out]);
                    int outBody = out + outHeader[0];
                    assertArrayEquals(Arrays.copyOfRange(input, topicAt, topicAt + variable),
                            Arrays.copyOfRange(output, outBody, outBody + variable));
                    assertArrayEquals(marker, Arrays.copyOfRange(output, outBody + variable, outBody + variable
                            + marker.length));
                    out = outBody + variable + marker.length;
                    if (packetEnd > input.length) {
                        assertEquals(out, output.length, "the rest of a cut payload is thrown away");
                        return;
                    }
                    in = (int) packetEnd;
                    continue;
                }
            }
            int end = (int) Math.min(packetEnd, input.length);
            assertTrue(out + (end - in) <= output.length, "a packet within the limit passes whole");
            assertArrayEquals(Arrays.copyOfRange(input, in, end), Arrays.copyOfRange(output, out, out + (end - in)));
            out += end - in;
            in = end;
        }
        assertEquals(out, output.length, "nothing is added at the end");
        if (!failed) {
            assertEquals(in, input.length);
        }
    }

    /** {@code {header length, remaining length}}, or null if the header is cut or malformed. */
    private static int[] fixedHeader(byte[] bytes, int at) {
        int remaining = 0;
        for (int i = 1; i <= 4; i++) {
            if (at + i >= bytes.length) {
                return null;
            }
            int b = bytes[at + i] & 0xFF;
            remaining |= (b & 0x7F) << (7 * (i - 1));
            if ((b & 0x80) == 0) {
                if (((bytes[at] >> 4) & 0x0F) == 3 && ((bytes[at] >> 1) & 3) == 3) {
                    return null;
                }
                return new int[] {i + 1, remaining};
            }
        }
        return null;
    }

    /** Hands out the input in pieces of the fuzzer's sizes, as a socket does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int piece;
        private int position;
        private int turn;

        Trickle(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= bytes.length) {
                return -1;
            }
            // Pieces of changing size, as TCP segments arrive.
            int size = 1 + (piece * ++turn) % 97;
            int n = Math.min(Math.min(len, size), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
