package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinksTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "tcp://10.0.0.7", "tcp://:4001", "tcp://10.0.0.7:0", "tcp://10.0.0.7:70000", "tcp:10.0.0.7:4001",
        "tcp://10.0.0.7:4001/path", "tcp://user@10.0.0.7:4001", "tcp://bad host:4001", "TCP://10.0.0.7:x"})
    void aMalformedTcpPortIsRejectedByName(String port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Links.open(port, SerialSettings.DEFAULT_9600_8N1));
        assertTrue(e.getMessage().contains(port) && e.getMessage().contains("tcp://host:port"), e.getMessage());
    }
}
