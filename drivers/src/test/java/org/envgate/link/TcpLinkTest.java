package org.envgate.link;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.envgate.link.Reads.await;
import static org.envgate.link.Reads.readUpTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link ServerSocket} in the test plays the serial device server. */
class TcpLinkTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private ServerSocket server;
    private String port;
    private Link link;
    private Socket device;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        port = "tcp://127.0.0.1:" + server.getLocalPort();
        link = Links.open(port, SerialSettings.DEFAULT_9600_8N1);
        device = server.accept();
    }

    @AfterEach
    void tearDown() throws IOException {
        executor.shutdownNow();
        link.close();
        device.close();
        server.close();
    }

    @Test
    void bytesFlowBothWays() throws IOException {
        assertEquals(port, link.port());
        link.write(new byte[] {0x01, 0x03, 0x00, 0x00, 0x00, 0x02, (byte) 0xc4, 0x0b});
        assertArrayEquals(new byte[] {0x01, 0x03, 0x00, 0x00, 0x00, 0x02, (byte) 0xc4, 0x0b},
                device.getInputStream().readNBytes(8));

        device.getOutputStream().write("reply".getBytes(US_ASCII));
        assertEquals("reply", new String(readUpTo(link, 5, BOUND), US_ASCII));
    }

    @Test
    void timeoutReturnsZeroPromptly() throws IOException {
        long start = System.nanoTime();
        assertEquals(0, link.read(new byte[16], 0, 16, Duration.ofMillis(100)));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 90 && elapsedMs < 2000, "took " + elapsedMs + " ms");

        assertEquals(0, link.read(new byte[16], 0, 16, Duration.ZERO));
    }

    @Test
    void discardInputDropsWhatWasReceived() throws IOException, InterruptedException {
        device.getOutputStream().write("stale stale stale".getBytes(US_ASCII));
        TcpLink tcp = (TcpLink) link;
        await("17 bytes", () -> tcp.available() >= 17);

        link.discardInput();
        assertEquals(0, tcp.available());

        device.getOutputStream().write("fresh".getBytes(US_ASCII));
        assertEquals("fresh", new String(readUpTo(link, 5, Duration.ofMillis(500)), US_ASCII));
    }

    @Test
    void serverClosingIsPortLost() throws IOException {
        device.close();
        PortLostException e = assertThrows(PortLostException.class, () -> link.read(new byte[16], 0, 16, LONG));
        assertTrue(e.getMessage().contains(port), e.getMessage());
    }

    @Test
    void serverResettingDuringAReadIsPortLost() throws Exception {
        Future<Integer> reading = executor.submit(() -> link.read(new byte[16], 0, 16, LONG));
        device.setSoLinger(true, 0);
        device.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> reading.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(PortLostException.class, e.getCause());
    }

    @Test
    void refusedIsPortNotFound() throws IOException {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        String refused = "tcp://127.0.0.1:" + closedPort;
        PortNotFoundException e = assertThrows(PortNotFoundException.class,
                () -> Links.open(refused, SerialSettings.DEFAULT_9600_8N1));
        assertTrue(e.getMessage().contains(refused), e.getMessage());
    }

    @Test
    void unknownHostIsPortNotFound() {
        String unknown = "tcp://no-such-host.invalid:4001";
        PortNotFoundException e = assertThrows(PortNotFoundException.class,
                () -> Links.open(unknown, SerialSettings.DEFAULT_9600_8N1));
        assertTrue(e.getMessage().contains(unknown), e.getMessage());
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingRead() throws Exception {
        Future<Integer> reading = executor.submit(() -> link.read(new byte[16], 0, 16, LONG));
        Thread.sleep(50);

        link.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> reading.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(e.getCause() instanceof PortLostException, "closing is not losing the port: " + e.getCause());

        link.close();
        assertThrows(IOException.class, () -> link.write(new byte[] {1}));
    }
}
