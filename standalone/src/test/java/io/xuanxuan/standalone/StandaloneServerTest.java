package io.xuanxuan.standalone;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Starts the standalone server once (one shared Spring context for every protocol test class) on a
 * random port with an in-memory database, the demo accounts and the accounts of test-accounts.csv.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "xuanxuan.h2.url=mem:protocol-tests" + StandaloneServerTest.H2_MODE,
                "xuanxuan.presence.bcrypt-strength=6",
                "xuanxuan.presence.import-file=src/test/resources/test-accounts.csv",
                "xuanxuan.files.local.directory=target/protocol-test-files",
                "xuanxuan.gateway.requests-per-second=2000",
                "xuanxuan.gateway.burst=2000",
                // the chat settings ChatRulesProtocolSuite needs (its SERVER_PROPERTIES)
                ChatRulesProtocolSuite.DELIVERIES_PER_SECOND,
                ChatRulesProtocolSuite.DELIVERIES_BURST,
                ChatRulesProtocolSuite.SYSTEM_CHAT_POSTERS,
        })
@Import(SpringServerTest.Clocks.class)
abstract class StandaloneServerTest extends SpringServerTest {

    /** The H2 settings of the protocol servers' in-memory databases (StandaloneTcpServerTest's too). */
    static final String H2_MODE = ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
}
