package io.xuanxuan.standalone;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The thousand-member group's delivery invariant on the in-process bus. Its own server: the shared
 * protocol-test server keeps a small delivery budget that {@link ChatRulesProtocolSuite} tests.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.h2.url=mem:big-group-tests;DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "xuanxuan.presence.bcrypt-strength=6",
                "xuanxuan.gateway.requests-per-second=2000",
                "xuanxuan.gateway.burst=2000",
                BigGroupDeliveryInvariant.ACCOUNTS_FILE,
                BigGroupDeliveryInvariant.NO_DELIVERY_BUDGET,
                BigGroupDeliveryInvariant.CONNECTIONS_PER_ADDRESS,
        })
@Import(SpringServerTest.Clocks.class)
class BigGroupDeliveryInProcessTest extends SpringServerTest implements BigGroupDeliveryInvariant {
}
