package org.envgate.gateway.config;

import java.nio.file.Path;

/**
 * Where the reading buffer lives and how large it may grow.
 *
 * @param path     the folder holding the buffer
 * @param maxSize  bytes the buffer may use on disk
 * @param whenFull what gives way when it is full
 */
public record StorageConfig(Path path, long maxSize, WhenFull whenFull) {

    public enum WhenFull { DROP_OLDEST, DROP_NEWEST }

    public static final long DEFAULT_MAX_SIZE = 2L << 30;
}
