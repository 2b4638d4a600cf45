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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialLinkTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final SerialSettings S_8N1 = SerialSettings.DEFAULT_9600_8N1;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private PtyPair pty;
    private Link a;
    private Link b;

    @BeforeEach
    void plugIn() throws IOException {
        pty = PtyPair.start();
        a = Links.open(pty.a(), S_8N1);
        b = Links.open(pty.b(), S_8N1);
    }

    @AfterEach
    void tearDown() throws IOException {
        executor.shutdownNow();
        a.close();
        b.close();
        pty.close();
    }

    @Test
    void bytesFlowBothWays() throws IOException {
        a.write("hello from A".getBytes(US_ASCII));
        assertEquals("hello from A", new String(readUpTo(b, 12, BOUND), US_ASCII));

        byte[] binary = {0x42, 0x4d, 0x00, 0x1c, (byte) 0xff, 0x0d, 0x0a, 0x11, 0x13};
        b.write(binary);
        assertArrayEquals(binary, readUpTo(a, binary.length, BOUND));
    }

    @Test
    void timeoutReturnsZeroPromptly() throws IOException {
        long start = System.nanoTime();
        assertEquals(0, b.read(new byte[16], 0, 16, Duration.ofMillis(100)));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 90 && elapsedMs < 2000, "took " + elapsedMs + " ms");

        assertEquals(0, b.read(new byte[16], 0, 16, Duration.ZERO));
    }

    @Test
    void readReturnsWhatIsThereWithoutFillingTheBuffer() throws IOException, InterruptedException {
        a.write(new byte[] {1, 2, 3});
        awaitAvailable((SerialLink) b, 3);
        byte[] buffer = new byte[64];
        assertEquals(3, b.read(buffer, 10, 54, LONG));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(buffer, 10, 13));
    }

    @Test
    void discardInputDropsWhatWasReceived() throws IOException, InterruptedException {
        a.write("stale stale stale".getBytes(US_ASCII));
        awaitAvailable((SerialLink) b, 17);

        b.discardInput();
        assertEquals(0, ((SerialLink) b).available());

        a.write("fresh".getBytes(US_ASCII));
        assertEquals("fresh", new String(readUpTo(b, 5, Duration.ofMillis(500)), US_ASCII));
    }

    @Test
    void settingsAreAppliedToAPtyAlthoughJsscReportsFalse() throws IOException, InterruptedException {
        b.close();
        b = Links.open(pty.b(), new SerialSettings(19200, 7, SerialSettings.Parity.EVEN, 2));

        Process stty = new ProcessBuilder("stty", "-a", "-F", pty.b()).redirectErrorStream(true).start();
        String termios = new String(stty.getInputStream().readAllBytes(), US_ASCII);
        // jssc holds the port exclusively (TIOCEXCL); only root may look at it from outside.
        assumeTrue(stty.waitFor() == 0, "stty cannot open the port: " + termios);
        // Linux's pty driver keeps speed and stop bits but forces cs8 and -parenb: it carries whole bytes.
        assertTrue(termios.contains("speed 19200 baud"), termios);
        assertTrue(termios.matches("(?s).*\\scstopb\\s.*"), termios);
    }

    @Test
    void aBaudRateThePortCannotDoIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> Links.open(pty.b(), S_8N1.withBaud(12345)).close());
        assertTrue(e.getMessage().contains(pty.b()), e.getMessage());
        assertTrue(e.getMessage().contains("12345"), e.getMessage());
    }

    @Test
    void missingPathIsPortNotFound() {
        String path = pty.a() + "-missing";
        PortNotFoundException e = assertThrows(PortNotFoundException.class, () -> Links.open(path, S_8N1));
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void aFileThatIsNoSerialDeviceIsPortNotFound(@TempDir Path dir) throws IOException {
        String path = Files.writeString(dir.resolve("not-a-tty"), "x").toString();
        PortNotFoundException e = assertThrows(PortNotFoundException.class, () -> Links.open(path, S_8N1));
        assertTrue(e.getMessage().contains(path) && e.getMessage().contains("not a serial device"), e.getMessage());
    }

    @Test
    void openFailuresNameThePortAndSayWhatToDo() {
        // Running as root, busy and denied cannot be provoked for real here: these are jssc's own reports.
        String port = "/dev/ttyUSB0";
        IOException denied = SerialLink.openFailure(port,
                new SerialPortException(new SerialPort(port), "openPort()", SerialPortException.TYPE_PERMISSION_DENIED));
        assertInstanceOf(PortAccessDeniedException.class, denied);
        assertTrue(denied.getMessage().startsWith(port) && denied.getMessage().contains("dialout"), denied.getMessage());

        IOException busy = SerialLink.openFailure(port,
                new SerialPortException(new SerialPort(port), "openPort()", SerialPortException.TYPE_PORT_BUSY));
        assertInstanceOf(PortBusyException.class, busy);
        assertTrue(busy.getMessage().startsWith(port), busy.getMessage());
    }

    @Test
    void unplugDuringAReadIsPortLost() throws Exception {
        Future<Integer> reading = executor.submit(() -> b.read(new byte[16], 0, 16, LONG));
        pty.unplug();

        ExecutionException e = assertThrows(ExecutionException.class, () -> reading.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(PortLostException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains(pty.b()), e.getCause().getMessage());
    }

    @Test
    void readAfterUnplugIsPortLostPromptly() throws IOException {
        pty.unplug();
        long start = System.nanoTime();
        assertThrows(PortLostException.class, () -> a.read(new byte[16], 0, 16, LONG));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs < 2000, "took " + elapsedMs + " ms");
        assertThrows(PortLostException.class, () -> b.write(new byte[] {1}));
    }

    @Test
    void aVanishedDevicePathIsPortLostWhileTheDescriptorStillWorks() throws IOException {
        // What udev does to /dev/serial/by-id links and device nodes, without a hang-up first.
        Files.delete(Path.of(pty.b()));
        PortLostException e = assertThrows(PortLostException.class, () -> b.read(new byte[16], 0, 16, LONG));
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
    }

    @Test
    void afterReplugANewLinkWorks() throws IOException {
        pty.unplug();
        assertThrows(PortLostException.class, () -> b.read(new byte[16], 0, 16, LONG));
        assertThrows(PortNotFoundException.class, () -> Links.open(pty.b(), S_8N1));
        a.close();
        b.close();

        pty.replug();
        a = Links.open(pty.a(), S_8N1);
        b = Links.open(pty.b(), S_8N1);
        a.write("again".getBytes(US_ASCII));
        assertEquals("again", new String(readUpTo(b, 5, BOUND), US_ASCII));
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingRead() throws Exception {
        Future<Integer> reading = executor.submit(() -> b.read(new byte[16], 0, 16, LONG));
        Thread.sleep(50);

        b.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> reading.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(e.getCause() instanceof PortLostException, "closing is not losing the port: " + e.getCause());

        b.close();
        assertThrows(IOException.class, () -> b.write(new byte[] {1}));
    }

    @Test
    void closeReleasesThePortForTheNextOpen() throws IOException {
        b.close();
        b = Links.open(pty.b(), S_8N1);
        a.write(new byte[] {7});
        assertArrayEquals(new byte[] {7}, readUpTo(b, 1, BOUND));
    }

    private static void awaitAvailable(SerialLink link, int count) throws IOException, InterruptedException {
        await(count + " bytes at " + link.port(), () -> link.available() >= count);
    }
}
