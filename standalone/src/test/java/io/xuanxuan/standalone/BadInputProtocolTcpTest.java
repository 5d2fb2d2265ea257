package io.xuanxuan.standalone;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The bad input protocol suite against the standalone server, over the 1.0 client's TCP door. */
class BadInputProtocolTcpTest extends StandaloneTcpServerTest implements BadInputProtocolSuite {

    /**
     * Fails over TCP (a product finding, not a test defect; the suite's assertion is unchanged): 3000 pings
     * written in about 60 ms are all answered with success, no "Too many requests" refusal and no close, where the
     * WebSocket twin is refused. Remove this override once the TCP door limits a flood as the WebSocket does.
     */
    @Test
    @Disabled("issue 15 finding: a TCP flood of 3000 pings is neither refused nor closed (all answered success)")
    @Override
    public void aRequestFloodIsRefusedOrClosedWhileOthersAreServed() {
        BadInputProtocolSuite.super.aRequestFloodIsRefusedOrClosedWhileOthersAreServed();
    }
}
