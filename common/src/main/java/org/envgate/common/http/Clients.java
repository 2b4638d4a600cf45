package org.envgate.common.http;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Who a connection comes from, for a page's limits: an IPv4 address, or an IPv6 /64,
 * the smallest block one home or one mobile phone gets (it can pick any address inside it).
 */
final class Clients {

    private Clients() {
    }

    static String of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
