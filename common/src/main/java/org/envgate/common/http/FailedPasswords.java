package org.envgate.common.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Wrong passwords per client: the first few are free (a typo on a phone), then each further one
 * shuts the client out for twice as long as the one before, from 1 s up to 15 minutes. A client
 * quiet for 15 minutes after its last wait starts afresh; the right password clears it at once.
 * At most {@link #MAX_CLIENTS} clients are remembered, the longest unseen forgotten first.
 */
public final class FailedPasswords {

    /** Wrong passwords a client may give before it must wait. */
    public static final int FREE = 5;
    static final long MAX_WAIT_SECONDS = 15 * 60;
    static final long FORGET_AFTER_SECONDS = 15 * 60;
    static final int MAX_CLIENTS = 1_024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Client {
        int failures;
        long blockedUntilNanos;
        /** When the client's last wrong password was counted, or its wait after it ends. */
        long quietFromNanos;
    }

    private final LongSupplier nanoTime;
    private final Map<String, Client> clients = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    FailedPasswords(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How many seconds the client must still wait before its password is looked at, if any. */
    synchronized OptionalLong retryAfter(String client) {
        Client known = current(client);
        if (known == null) {
            return OptionalLong.empty();
        }
        long left = known.failures > FREE ? known.blockedUntilNanos - nanoTime.getAsLong() : 0;
        return left > 0 ? OptionalLong.of(Math.max(1, (left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND))
                : OptionalLong.empty();
    }

    /**
     * Counts a wrong password.
     *
     * @return the seconds the client must now wait, when this failure was one too many
     */
    synchronized OptionalLong failed(String client) {
        Client known = current(client);
        if (known == null) {
            known = new Client();
            clients.put(client, known);
        }
        long now = nanoTime.getAsLong();
        known.failures++;
        known.quietFromNanos = now;
        if (known.failures <= FREE) {
            return OptionalLong.empty();
        }
        int doublings = Math.min(known.failures - FREE - 1, 20);
        long wait = Math.min(1L << doublings, MAX_WAIT_SECONDS);
        known.blockedUntilNanos = now + wait * NANOS_PER_SECOND;
        known.quietFromNanos = known.blockedUntilNanos;
        return OptionalLong.of(wait);
    }

    synchronized void succeeded(String client) {
        clients.remove(client);
    }

    synchronized int remembered() {
        return clients.size();
    }

    /** The client's record, or nothing when it has none or has been quiet long enough to start afresh. */
    private Client current(String client) {
        Client known = clients.get(client);
        if (known != null && nanoTime.getAsLong() - known.quietFromNanos > FORGET_AFTER_SECONDS * NANOS_PER_SECOND) {
            clients.remove(client);
            return null;
        }
        return known;
    }
}
