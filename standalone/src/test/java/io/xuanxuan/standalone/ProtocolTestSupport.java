package io.xuanxuan.standalone;

import io.xuanxuan.presence.store.AccountStore;
import io.xuanxuan.testclient.WsClient;

/**
 * What a protocol test suite needs of the server under test, so one suite runs against the
 * standalone server and against the distributed services: where to connect (a distributed setup
 * hands out its gateways in turn, so clients of one test sit on different gateways), the clock that
 * presence uses, and presence's account store for checks a client cannot make.
 */
public interface ProtocolTestSupport {

    /** The gateway port for the next client. */
    int nextPort();

    TestClock clock();

    AccountStore accounts();

    default WsClient connect() {
        return WsClient.connect(nextPort());
    }

    default WsClient login(String account) {
        return WsClient.login(nextPort(), account, "123456");
    }
}
