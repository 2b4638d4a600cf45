package org.envgate.drivers.pulse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EdgeCounterTest {

    private static final long MS = 1_000_000;

    @Test
    void aTipWithBounceOnClosingAndOpeningCountsOnce() {
        EdgeCounter counter = new EdgeCounter(5 * MS);
        long t = 1_000 * MS;
        // closing: falling, then 3 bounces within 2 ms
        counter.edge(true, t);
        counter.edge(false, t + MS / 2);
        counter.edge(true, t + MS);
        counter.edge(false, t + 3 * MS / 2);
        counter.edge(true, t + 2 * MS);
        // the magnet passes; opening 100 ms later bounces too
        counter.edge(false, t + 100 * MS);
        counter.edge(true, t + 100 * MS + MS / 3);
        counter.edge(false, t + 101 * MS);
        assertEquals(1, counter.take());
    }

    @Test
    void tipsFurtherApartThanTheDebounceAllCount() {
        EdgeCounter counter = new EdgeCounter(5 * MS);
        for (int i = 0; i < 10; i++) {
            counter.edge(true, i * 20 * MS);
            counter.edge(false, i * 20 * MS + 10 * MS);
        }
        assertEquals(10, counter.take());
        assertEquals(0, counter.take(), "taken counts start over");
    }

    @Test
    void theOtherEdgeNeverCounts() {
        EdgeCounter counter = new EdgeCounter(0);
        counter.edge(false, 0);
        counter.edge(false, 10 * MS);
        assertEquals(0, counter.take());
    }

    @Test
    void zeroDebounceCountsEveryActiveEdge() {
        EdgeCounter counter = new EdgeCounter(0);
        for (int i = 0; i < 1000; i++) {
            counter.edge(true, i * 2 * MS);
            counter.edge(false, i * 2 * MS + MS);
        }
        assertEquals(1000, counter.take());
    }
}
