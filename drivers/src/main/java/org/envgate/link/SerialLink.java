package org.envgate.link;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A local serial port through jssc: a UART, a USB adapter, a pseudo-terminal, or a udev symlink to
 * one of them.
 *
 * <p>jssc's timed read spins on a CPU core, and its plain read blocks in native code where neither
 * {@link #close()} nor a vanished device can end it. So this link polls the input queue with short
 * sleeps and only ever reads bytes that are already there.
 *
 * <p>A lost port shows in two ways, and both are watched while a read waits: the kernel hangs up
 * the open descriptor (asking for the queue length then fails with EIO), or the device path goes
 * away (udev removes {@code /dev/ttyUSB0} and its symlinks; socat removes its pty links).
 */
final class SerialLink implements Link {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PRESENCE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Rates termios sets by itself on Linux; jssc needs a driver-specific ioctl for any other. */
    private static final Set<Integer> TERMIOS_BAUDS = Set.of(
            50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600,
            115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000,
            2500000, 3000000, 3500000, 4000000);

    private final String port;
    private final Path path;
    private final SerialPort serial;
    private final PortLock portLock;
    private final Object lock = new Object();
    private boolean closed;

    private SerialLink(String port, SerialPort serial, PortLock portLock) {
        this.port = port;
        this.path = Path.of(port);
        this.serial = serial;
        this.portLock = portLock;
    }

    static SerialLink open(String port, SerialSettings settings) throws IOException {
        return open(port, settings, PortLock.LOCK_DIR);
    }

    static SerialLink open(String port, SerialSettings settings, Path lockDir) throws IOException {
        SerialPort serial = newSerialPort(port);
        PortLock portLock = Files.exists(Path.of(port)) ? PortLock.take(port, lockDir) : null;
        try {
            serial.openPort();
        } catch (SerialPortException e) {
            if (portLock != null) {
                portLock.close();
            }
            throw openFailure(port, e);
        }
        SerialLink link = new SerialLink(port, serial, portLock);
        try {
            link.apply(settings);
        } catch (IOException e) {
            link.close();
            throw e;
        }
        return link;
    }

    private static SerialPort newSerialPort(String port) throws IOException {
        try {
            return new SerialPort(port);
        } catch (LinkageError e) {
            // jssc extracts libjssc.so under java.io.tmpdir; that fails on a noexec or read-only /tmp.
            throw new IOException(port + ": cannot load the jssc native library (extracted under java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir")
                    + "; point -Djava.io.tmpdir at a writable, executable directory, or"
                    + " -Djssc.boot.library.path at one holding libjssc.so)", e);
        }
    }

    /** Maps the failure jssc reports for {@code openPort()} to the exception that says what to do. */
    static IOException openFailure(String port, SerialPortException e) {
        return switch (e.getExceptionType()) {
            case SerialPortException.TYPE_PORT_NOT_FOUND -> new PortNotFoundException(port + ": no such device", e);
            case SerialPortException.TYPE_INCORRECT_SERIAL_PORT ->
                    new PortNotFoundException(port + ": not a serial device", e);
            case SerialPortException.TYPE_PERMISSION_DENIED -> new PortAccessDeniedException(port
                    + ": permission denied (add the user to the dialout group: sudo usermod -aG dialout USER,"
                    + " then log in again)", e);
            case SerialPortException.TYPE_PORT_BUSY -> new PortBusyException(port
                    + ": busy, another process holds it (a serial console, ModemManager, a second gateway)", e);
            default -> new IOException(port + ": cannot open: " + e.getExceptionType(), e);
        };
    }

    private void apply(SerialSettings settings) throws IOException {
        boolean applied;
        try {
            applied = serial.setParams(settings.baud(), settings.dataBits(), stopBits(settings), parity(settings));
        } catch (SerialPortException e) {
            throw new IOException(port + ": cannot apply " + settings + ": " + e.getExceptionType(), e);
        }
        // jssc also answers false when termios was applied but the port has no modem lines to set
        // (a pty, some adapters). With a rate termios knows, that last step is the only one left to
        // fail, so false only means "not applied" for other rates.
        if (!applied && !TERMIOS_BAUDS.contains(settings.baud())) {
            throw new IOException(port + ": cannot apply " + settings + ": baud rate not supported by this port");
        }
    }

    private static int stopBits(SerialSettings settings) {
        return switch (settings.stopBits()) {
            case 2 -> SerialPort.STOPBITS_2;
            case 15 -> SerialPort.STOPBITS_1_5;
            default -> SerialPort.STOPBITS_1;
        };
    }

    private static int parity(SerialSettings settings) {
        return switch (settings.parity()) {
            case NONE -> SerialPort.PARITY_NONE;
            case ODD -> SerialPort.PARITY_ODD;
            case EVEN -> SerialPort.PARITY_EVEN;
            case MARK -> SerialPort.PARITY_MARK;
            case SPACE -> SerialPort.PARITY_SPACE;
        };
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        long start = System.nanoTime();
        long wait = timeout.toNanos();
        long lastPresenceCheck = start;
        while (true) {
            int n = readAvailable(buffer, offset, length);
            long now = System.nanoTime();
            if (n > 0 || length == 0) {
                return n;
            }
            boolean timedOut = now - start >= wait;
            if (timedOut || now - lastPresenceCheck >= PRESENCE_CHECK_NANOS) {
                checkPresent();
                lastPresenceCheck = now;
            }
            if (timedOut) {
                return 0;
            }
            pause(Math.min(POLL_NANOS, wait - (now - start)));
        }
    }

    /** Bytes already received; 0 when none. The lock keeps close() from freeing the descriptor mid-call. */
    private int readAvailable(byte[] buffer, int offset, int length) throws IOException {
        synchronized (lock) {
            int available = available();
            if (available == 0 || length == 0) {
                return 0;
            }
            byte[] bytes;
            try {
                bytes = serial.readBytes(Math.min(available, length));
            } catch (SerialPortException e) {
                throw lost(e);
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }
    }

    /** How many received bytes wait in the input queue. */
    int available() throws IOException {
        synchronized (lock) {
            ensureOpen();
            try {
                return serial.getInputBufferBytesCount();
            } catch (SerialPortException e) {
                throw lost(e);
            }
        }
    }

    private void checkPresent() throws IOException {
        if (!Files.exists(path)) {
            throw new PortLostException(port + ": device gone (the path no longer exists)");
        }
    }

    private void pause(long nanos) throws InterruptedIOException {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(port + ": read interrupted");
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        synchronized (lock) {
            ensureOpen();
            boolean written;
            try {
                written = serial.writeBytes(bytes);
            } catch (SerialPortException e) {
                throw lost(e);
            }
            if (!written) {
                throw new PortLostException(port + ": write failed");
            }
        }
    }

    @Override
    public void discardInput() throws IOException {
        synchronized (lock) {
            ensureOpen();
            boolean purged;
            try {
                purged = serial.purgePort(SerialPort.PURGE_RXCLEAR);
            } catch (SerialPortException e) {
                throw lost(e);
            }
            if (!purged) {
                throw new PortLostException(port + ": cannot discard input");
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(port + ": link is closed");
        }
    }

    private PortLostException lost(SerialPortException e) {
        return new PortLostException(port + ": device lost (" + e.getExceptionType() + ")", e);
    }

    /** Idempotent; a read waiting in another thread ends within one poll with an IOException. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                serial.closePort();
            } catch (SerialPortException e) {
                // close(2) frees the descriptor even when it reports an error: nothing is left to release.
            }
            if (portLock != null) {
                portLock.close();
            }
        }
    }

    @Override
    public String toString() {
        return "serial " + port;
    }
}
