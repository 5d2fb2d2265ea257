package io.xuanxuan.distributed;

import io.xuanxuan.standalone.UserMethodsProtocolSuite;

/**
 * The user methods protocol suite against the services running apart, over the TCP door (1.0 clients) of the
 * two gateways.
 */
class DistributedUserMethodsTcpTest extends DistributedTcpClusterTest implements UserMethodsProtocolSuite {
}
