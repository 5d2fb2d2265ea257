package io.xuanxuan.standalone;

import io.xuanxuan.model.protocol.LegacyTcpListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The standalone server of {@link StandaloneServerTest} with the gateway's TCP door (the 1.0 client's) on, for
 * the TCP variants of the protocol suites: one Spring context shared by all of them (same properties, same
 * class), a database of its own (a suite's accounts and lockouts must not meet those of the WebSocket run in
 * the same JVM). Their clients connect to the door's port, taken from the running listener.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.gateway.tcp.enabled=true",
                "xuanxuan.gateway.tcp.port=0",
                "xuanxuan.h2.url=mem:protocol-tcp-tests" + StandaloneServerTest.H2_MODE,
                StandaloneServerTest.BCRYPT_STRENGTH,
                StandaloneServerTest.TEST_ACCOUNTS,
                "xuanxuan.files.local.directory=target/protocol-tcp-test-files",
                StandaloneServerTest.REQUESTS_PER_SECOND,
                StandaloneServerTest.BURST,
                ChatRulesProtocolSuite.DELIVERIES_PER_SECOND,
                ChatRulesProtocolSuite.DELIVERIES_BURST,
                ChatRulesProtocolSuite.SYSTEM_CHAT_POSTERS,
        })
@Import(SpringServerTest.Clocks.class)
abstract class StandaloneTcpServerTest extends SpringServerTest {

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
