package io.xuanxuan.distributed;

import io.xuanxuan.standalone.BadInputProtocolSuite;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The bad input protocol suite against the services running apart, over the gateways' TCP door (1.0 clients). */
class DistributedBadInputTcpTest extends DistributedTcpClusterTest implements BadInputProtocolSuite {

    /**
     * Fails over TCP, as against the standalone server (BadInputProtocolTcpTest; a product finding, the suite's
     * assertion is unchanged). Remove this override once the TCP door limits a flood as the WebSocket does.
     */
    @Test
    @Disabled("issue 15 finding: a TCP flood of 3000 pings is neither refused nor closed (all answered success)")
    @Override
    public void aRequestFloodIsRefusedOrClosedWhileOthersAreServed() {
        BadInputProtocolSuite.super.aRequestFloodIsRefusedOrClosedWhileOthersAreServed();
    }
}
