package org.envgate.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The UUCP lock of a serial port ({@code /run/lock/LCK..ttyUSB0}, the PID in ten characters and
 * a newline), which minicom, picocom, screen and ModemManager honour: while a gateway reads a
 * port, {@code envgate check} and {@code probe} say who holds it instead of disturbing it, and the
 * gateway refuses a port another program holds. A lock whose process is gone is taken over. One
 * process may open a port more than once (sensors sharing it, a reopen after a replug): the lock
 * is held until the last of them is closed.
 */
final class PortLock implements AutoCloseable {

    static final Path LOCK_DIR = Path.of("/run/lock");
    private static final Map<Path, Integer> HELD = new HashMap<>();

    private final Path file;

    private PortLock(Path file) {
        this.file = file;
    }

    /**
     * Takes the lock of {@code port}; {@code null} when the lock folder cannot be written (the port
     * then opens unlocked, as other serial tools do).
     *
     * @throws PortBusyException when a live process other than this one holds it
     */
    static PortLock take(String port, Path lockDir) throws PortBusyException {
        Path file = lockDir.resolve("LCK.." + lockName(port));
        synchronized (HELD) {
            Integer count = HELD.get(file);
            if (count != null) {
                HELD.put(file, count + 1);
                return new PortLock(file);
            }
            String me = String.format("%10d%n", ProcessHandle.current().pid());
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(file, me, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    HELD.put(file, 1);
                    return new PortLock(file);
                } catch (FileAlreadyExistsException held) {
                    Optional<Long> holder = holder(file);
                    if (holder.isPresent() && holder.get() != ProcessHandle.current().pid()
                            && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive).orElse(false)) {
                        throw held(port, file, holder.get());
                    }
                    // Left by a process that has gone: taken over.
                    deleteQuietly(file);
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        }
    }

    /** {@code /dev/ttyUSB0} is {@code ttyUSB0}; a link or a pty's path names the device it leads to. */
    static String lockName(String port) {
        Path path = Path.of(port);
        try {
            path = path.toRealPath();
        } catch (IOException e) {
            // not there (yet): the name as written
        }
        Path dev = Path.of("/dev");
        String name = path.startsWith(dev) ? dev.relativize(path).toString() : path.getFileName().toString();
        return name.replace('/', '_');
    }

    private static Optional<Long> holder(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Who holds the port, and what to do: the running gateway is told apart by its command line. */
    private static PortBusyException held(String port, Path file, long pid) {
        boolean envgate = commandLine(pid).contains("envgate");
        String who = envgate ? "envgate" : ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> Path.of(c).getFileName().toString()).orElse("another program");
        return new PortBusyException(port + ": held by " + who + ", pid " + pid + " (lock " + file + "); stop it first"
                + (envgate ? " (sudo systemctl stop envgate), or see the readings on the status page" : ""));
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next attempt to create it says what is wrong
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            Integer count = HELD.get(file);
            if (count == null) {
                return;
            }
            if (count > 1) {
                HELD.put(file, count - 1);
                return;
            }
            HELD.remove(file);
            deleteQuietly(file);
        }
    }
}
