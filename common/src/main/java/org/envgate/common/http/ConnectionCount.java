package org.envgate.common.http;

import java.util.HashMap;
import java.util.Map;

/** Open connections, per client and in all, so that a few clients cannot hold every one. */
final class ConnectionCount {

    private final int perClient;
    private final int total;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int open;

    ConnectionCount(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    /** Counts a new connection of the client in, unless that would pass a limit. */
    synchronized boolean tryOpen(String client) {
        int ofClient = byClient.getOrDefault(client, 0);
        if (open >= total || ofClient >= perClient) {
            return false;
        }
        byClient.put(client, ofClient + 1);
        open++;
        return true;
    }

    synchronized void closed(String client) {
        byClient.computeIfPresent(client, (key, count) -> count > 1 ? count - 1 : null);
        open--;
    }
}
