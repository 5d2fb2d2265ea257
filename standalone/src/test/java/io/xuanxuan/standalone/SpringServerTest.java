package io.xuanxuan.standalone;

import io.xuanxuan.presence.store.AccountStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** A protocol test against a server started by Spring's test support (the subclass says how). */
abstract class SpringServerTest implements ProtocolTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Autowired
    AccountStore accounts;

    @Override
    public int nextPort() {
        return port;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    /** The clock presence uses, moved forward by the lockout test. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}
