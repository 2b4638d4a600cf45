package org.envgate.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The size guard on bytes as a broker sends them. */
class OversizeGuardTest {

    private static final long LIMIT = 256 * 1024;
    private static final byte[] TOPIC = "envgate/gw-big/readings".getBytes(StandardCharsets.US_ASCII);
    /** PINGRESP: type 13, remaining length 0. */
    private static final byte[] PINGRESP = {(byte) 0xD0, 0};

    /** A PUBLISH at QoS 1, packet id 7, up to its payload. */
    private static byte[] publishHead(long payloadLength) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x32);                                  // PUBLISH, QoS 1
        long remaining = 2 + TOPIC.length + 2 + payloadLength;
        do {                                               // remaining length, 7 bits a byte
            int digit = (int) (remaining & 0x7F);
            remaining >>>= 7;
            head.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        head.write(0);                                     // topic length
        head.write(TOPIC.length);
        head.writeBytes(TOPIC);
        head.write(0);                                     // packet id 7
        head.write(7);
        return head.toByteArray();
    }

    /** {@code length} bytes of 'x', made as they are read. */
    private static InputStream payload(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
    }

    private static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    @Test
    void aFiftyMegabytePublishBecomesAShortMarkerWithoutBeingHeldInMemory() throws IOException {
        long size = 50L * 1024 * 1024;
        OversizeGuard guard = new OversizeGuard(LIMIT, new SecureRandom());
        InputStream broker = concat(new ByteArrayInputStream(publishHead(size)), payload(size),
                new ByteArrayInputStream(PINGRESP));
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        try (InputStream guarded = guard.guard(broker)) {
            for (int n; (n = guarded.read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }

        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 256 * 1024, allocated + " bytes allocated");
        byte[] marker = guard.marker(size);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] head = publishHead(marker.length);
        expected.writeBytes(head);
        expected.writeBytes(marker);
        expected.writeBytes(PINGRESP);
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
        assertEquals(size, guard.oversize(marker));
    }

    @Test
    void aPublishAtTheLimitAndEveryOtherPacketPassUnchanged() throws IOException {
        OversizeGuard guard = new OversizeGuard(LIMIT, new SecureRandom());
        byte[] atLimit = concat(new ByteArrayInputStream(publishHead(LIMIT)), payload(LIMIT)).readAllBytes();
        byte[] stream = concat(new ByteArrayInputStream(atLimit), new ByteArrayInputStream(PINGRESP)).readAllBytes();

        assertArrayEquals(stream, guard.guard(new ByteArrayInputStream(stream)).readAllBytes());
    }

    @Test
    void onlyThisConnectionsMarkerIsTakenForOne() {
        OversizeGuard guard = new OversizeGuard(LIMIT, new SecureRandom());
        OversizeGuard other = new OversizeGuard(LIMIT, new SecureRandom());

        assertEquals(300_000, guard.oversize(guard.marker(300_000)));
        assertEquals(-1, guard.oversize(other.marker(300_000)), "a marker with another nonce is a payload like any");
        assertEquals(-1, guard.oversize("[{\"n\":\"pm\"}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, guard.oversize(new byte[0]));
    }
}
