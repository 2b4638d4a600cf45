package org.envgate.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientsTest {

    @Test
    void anIpv4AddressIsAClientAndAnIpv6SlashSixtyFourIsOne() throws Exception {
        assertEquals("192.168.4.20", Clients.of(InetAddress.getByName("192.168.4.20")));
        assertEquals("2001:db8:0:7::/64", Clients.of(InetAddress.getByName("2001:db8:0:7:1234::1")));
        assertEquals("2001:db8:0:7::/64", Clients.of(InetAddress.getByName("2001:db8:0:7:ffff:ffff:ffff:ffff")));
        assertEquals("0:0:0:0::/64", Clients.of(InetAddress.getByName("::1")));
    }
}
