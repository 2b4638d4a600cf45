package org.envgate.gateway.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.envgate.gateway.config.StorageConfig;

/**
 * What the buffer needs of {@code storage.path} before it opens: the same checks for
 * {@code envgate run} (which refuses to start) and {@code envgate check} (which reports a row), so
 * a check that passes means the buffer opens. Nothing is written but a probe file, removed at once;
 * a buffer this user may not open is reported as such, never taken for a damaged one.
 */
public final class StorageCheck {

    private StorageCheck() {
    }

    /** Why the buffer cannot open in {@code storage.path}, if it cannot. */
    public static Optional<String> problem(StorageConfig storage) {
        Path folder = storage.path();
        if (!Files.isDirectory(folder)) {
            return Optional.of("storage.path " + folder + " does not exist or is not a folder (a missing mount is never "
                    + "written over: mount it, or create the folder owned by " + user() + ")");
        }
        Path probe = folder.resolve(".envgate-write-probe-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            return Optional.of("storage.path " + folder + " is not writable by user " + user() + " (" + reason(e)
                    + "): make it owned by that user, or check that its file system is not mounted read-only");
        }
        for (String name : new String[] {ReadingBuffer.FILE_NAME, ReadingBuffer.FILE_NAME + "-wal",
            ReadingBuffer.FILE_NAME + "-shm"}) {
            Path file = folder.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                return Optional.of(file + " is not a file: move it out of storage.path");
            }
            try (FileChannel opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                opened.size();
            } catch (IOException e) {
                return Optional.of(file + " cannot be opened for reading and writing by user " + user() + " (" + reason(e)
                        + "): make it owned by that user (the buffer is kept, not replaced)");
            }
        }
        return Optional.empty();
    }

    /** Free space on the buffer's file system, and whether it is above {@code storage.min-free}. */
    public static Optional<String> spaceProblem(StorageConfig storage) {
        try {
            long usable = Files.getFileStore(storage.path()).getUsableSpace();
            if (usable < storage.minFree()) {
                return Optional.of("only " + usable / (1024 * 1024) + " MB free on the file system of storage.path, under "
                        + "storage.min-free " + storage.minFree() / (1024 * 1024) + " MB: the buffer cannot grow until "
                        + "space is freed (readings are dropped by storage.when-full)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("storage.path " + storage.path() + ": cannot read its file system: " + reason(e));
        }
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
    }
}
