package io.xuanxuan.standalone;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Starts the standalone server once (one shared Spring context for every protocol test class) on a
 * random port with an in-memory database, the demo accounts and the accounts of test-accounts.csv.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.h2.url=mem:protocol-tests;DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "xuanxuan.presence.bcrypt-strength=6",
                "xuanxuan.presence.import-file=src/test/resources/test-accounts.csv",
                "xuanxuan.gateway.requests-per-second=200",
                "xuanxuan.gateway.burst=400",
        })
@Import(StandaloneServerTest.Clocks.class)
abstract class StandaloneServerTest {

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    WsClient connect() {
        return WsClient.connect(port);
    }

    WsClient login(String account) {
        return WsClient.login(port, account, "123456");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }

}
