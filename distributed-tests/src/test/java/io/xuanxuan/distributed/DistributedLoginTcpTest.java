package io.xuanxuan.distributed;

import io.xuanxuan.standalone.LoginProtocolSuite;

/**
 * The login protocol suite against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedLoginTcpTest extends DistributedTcpClusterTest implements LoginProtocolSuite {
}
