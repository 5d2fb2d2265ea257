package io.xuanxuan.standalone;

import io.xuanxuan.model.protocol.LegacyTcpListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The standalone server of {@link StandaloneServerTest} with the gateway's TCP door (the 1.0 client's) on, for
 * the TCP variants of the protocol suites: one Spring context shared by all of them (same properties, same
 * class), a database and file directory of its own (a suite's accounts, lockouts and files must not meet those
 * of the WebSocket run in the same JVM; these properties take precedence over {@code @SpringBootTest}'s). Their
 * clients connect to the door's port, taken from the running listener. The 2.x suites run in this context too
 * (they need the TCP door for their 1.0 users), hence the short 2.x keepalive.
 */
@TestPropertySource(properties = {
        "xuanxuan.gateway.tcp.enabled=true",
        "xuanxuan.gateway.tcp.port=0",
        "xuanxuan.h2.url=mem:protocol-tcp-tests" + StandaloneServerTest.H2_MODE,
        "xuanxuan.files.local.directory=target/protocol-tcp-test-files",
        // the 2.x suites (StandaloneXxcServerTest) share this context: their keepalive test waits for one
        XxcLoginProtocolSuite.KEEPALIVE_INTERVAL,
})
abstract class StandaloneTcpServerTest extends StandaloneServerTest {

    @Autowired
    LegacyTcpListener tcp;

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int nextTcpPort() {
        return tcp.port();
    }
}
