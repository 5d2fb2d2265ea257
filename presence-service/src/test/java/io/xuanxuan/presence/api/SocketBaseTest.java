package io.xuanxuan.presence.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The socket URL's rules on header values ({@link SocketBase#derive}), where HTTP cannot easily reach. */
class SocketBaseTest {

    private static final InetSocketAddress LOCAL_V4 = new InetSocketAddress("10.1.2.3", 8080);
    private static final InetSocketAddress LOCAL_V6 = new InetSocketAddress("fe80::1%1", 8080);

    @Test
    void anIpv6LocalAddressIsBracketedWithoutItsZone() {
        assertThat(SocketBase.derive(null, null, null, null, "http", LOCAL_V6).toString())
                .isEqualTo("ws://[fe80:0:0:0:0:0:0:1]:8080/xxc/ws");
        assertThat(SocketBase.derive(null, null, null, "", "https", LOCAL_V4).toString())
                .isEqualTo("wss://10.1.2.3:8080/xxc/ws");
    }

    @Test
    void theSchemesDefaultPortIsLeftOut() {
        assertThat(SocketBase.derive(null, null, null, "im.example.com:80", "http", LOCAL_V4).toString())
                .isEqualTo("ws://im.example.com/xxc/ws");
        assertThat(SocketBase.derive("https", "im.example.com:443", null, null, "http", LOCAL_V4).toString())
                .isEqualTo("wss://im.example.com/xxc/ws");
        assertThat(SocketBase.derive("https", "im.example.com", "80", null, "http", LOCAL_V4).toString())
                .isEqualTo("wss://im.example.com:80/xxc/ws");
    }

    @Test
    void hostsThatAreNotHostsAreRefused() {
        for (String bad : new String[] {"[::1", "[::1]x", "[1:2:3]:80", "[zz::1]", "::1", "a..b", "a_b.example.com",
                "host:", "host:0", "host:65536", "1.2.3", "256.1.1.1", "x".repeat(64) + ".com",
                "host:8080:9090"}) {
            assertThat(SocketBase.derive(null, bad, null, null, "http", LOCAL_V4).toString()).as(bad)
                    .isEqualTo("ws://10.1.2.3:8080/xxc/ws");
        }
        for (String good : new String[] {"[::1]", "[2001:db8::ff00:42:8329]:8443", "[::ffff:192.0.2.1]",
                "1.2.3.4:5", "localhost", "xn--bcher-kva.example", "im.example.com.", "a-b.c-d.example:65535"}) {
            assertThat(SocketBase.derive(null, good, null, null, "http", LOCAL_V4).toString()).as(good)
                    .isEqualTo("ws://" + good + "/xxc/ws");
        }
    }
}
