package org.envgate.common.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostsTest {

    @Test
    void thisMachineOnly() {
        for (String host : new String[] {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]",
                "grafana.localhost"}) {
            assertTrue(Hosts.isLoopback(host), host);
        }
    }

    @Test
    void everyOtherHostIsOffTheMachine() {
        for (String host : new String[] {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "broker.example",
                "localhost.example.com", "127.0.0.1.nip.io", "fe80::1", "", "999.1.1.1"}) {
            assertFalse(Hosts.isLoopback(host), host);
        }
    }

    @Test
    void urls() {
        assertTrue(Hosts.isLoopbackUrl("tcp://127.0.0.1:1883"));
        assertTrue(Hosts.isLoopbackUrl("http://localhost:8086"));
        assertTrue(Hosts.isLoopbackUrl("tcp://[::1]:1883"));
        assertFalse(Hosts.isLoopbackUrl("tcp://broker.example:1883"));
        assertFalse(Hosts.isLoopbackUrl("http://10.0.0.5:8086"));
        assertFalse(Hosts.isLoopbackUrl("not a url"));
    }
}
