package org.envgate.gateway.config;

import java.nio.file.Path;

/**
 * Where the reading buffer lives and how large it may grow.
 *
 * @param path     the folder holding the buffer
 * @param maxSize  bytes the buffer may use on disk
 * @param whenFull what gives way when it is full
 * @param minFree  free space the buffer leaves on its file system for the rest of the system:
 *                 the buffer counts as full when growing it would eat into this reserve
 */
public record StorageConfig(Path path, long maxSize, WhenFull whenFull, long minFree) {

    public enum WhenFull { DROP_OLDEST, DROP_NEWEST }

    public static final long DEFAULT_MAX_SIZE = 2L << 30;
    public static final long DEFAULT_MIN_FREE = 100L << 20;

    /** With the default reserve of free space. */
    public StorageConfig(Path path, long maxSize, WhenFull whenFull) {
        this(path, maxSize, whenFull, DEFAULT_MIN_FREE);
    }
}
