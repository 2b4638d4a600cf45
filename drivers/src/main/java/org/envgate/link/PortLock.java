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
 * gateway refuses a port another program holds. A lock whose process is gone is taken over.
 * Beside it, the device itself is flocked ({@link DeviceFlock}), the lock picocom and other
 * programs that write no lock file take, so that they and envgate exclude each other too. One
 * process may open a port more than once (sensors sharing it, a reopen after a replug): the locks
 * are held until the last of them is closed.
 */
final class PortLock implements AutoCloseable {

    static final Path LOCK_DIR = Path.of("/run/lock");
    private static final Map<Path, Holding> HELD = new HashMap<>();

    /** How many links of this process hold the port, whether its lock file is ours, and our flock of the device. */
    private record Holding(int count, boolean lockFile, Optional<DeviceFlock> flock) {
    }

    private final Path file;

    private PortLock(Path file) {
        this.file = file;
    }

    /**
     * Takes both locks of {@code port}: its lock file, unless the lock folder cannot be written (as
     * other serial tools do, the port then goes without), and the flock of the device ({@link DeviceFlock}).
     *
     * @throws PortBusyException when a live process other than this one holds either
     */
    static PortLock take(String port, Path lockDir) throws PortBusyException {
        Path file = lockDir.resolve("LCK.." + lockName(port));
        synchronized (HELD) {
            Holding holding = HELD.get(file);
            if (holding != null) {
                HELD.put(file, new Holding(holding.count() + 1, holding.lockFile(), holding.flock()));
                return new PortLock(file);
            }
            boolean lockFile = takeLockFile(port, file);
            Path device = Path.of(port);
            DeviceFlock.Taken flock = DeviceFlock.take(device);
            if (flock.heldBy().isPresent()) {
                if (lockFile) {
                    deleteQuietly(file);
                }
                long pid = flock.heldBy().get();
                throw pid > 0 ? held(port, "flock on " + device, pid)
                        : new PortBusyException(port + ": held by another program (flock on " + device + "); stop it first");
            }
            HELD.put(file, new Holding(1, lockFile, flock.lock()));
            return new PortLock(file);
        }
    }

    /** Writes the lock file; false when the lock folder cannot be written. */
    private static boolean takeLockFile(String port, Path file) throws PortBusyException {
        String me = String.format("%10d%n", ProcessHandle.current().pid());
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(file, me, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException held) {
                Optional<Long> holder = holder(file);
                if (holder.isPresent() && holder.get() != ProcessHandle.current().pid()
                        && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    throw held(port, "lock " + file, holder.get());
                }
                // Left by a process that has gone: taken over.
                deleteQuietly(file);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
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
    /** @param lock which lock it holds, e.g. {@code lock /run/lock/LCK..ttyUSB0} or {@code flock on /dev/ttyUSB0} */
    private static PortBusyException held(String port, String lock, long pid) {
        boolean envgate = commandLine(pid).contains("envgate");
        String who = envgate ? "envgate" : ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> Path.of(c).getFileName().toString()).orElse("another program");
        return new PortBusyException(port + ": held by " + who + ", pid " + pid + " (" + lock + "); stop it first"
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
            Holding holding = HELD.get(file);
            if (holding == null) {
                return;
            }
            if (holding.count() > 1) {
                HELD.put(file, new Holding(holding.count() - 1, holding.lockFile(), holding.flock()));
                return;
            }
            HELD.remove(file);
            holding.flock().ifPresent(DeviceFlock::close);
            if (holding.lockFile()) {
                deleteQuietly(file);
            }
        }
    }
}
