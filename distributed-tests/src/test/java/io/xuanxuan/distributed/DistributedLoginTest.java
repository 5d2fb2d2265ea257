package io.xuanxuan.distributed;

import io.xuanxuan.standalone.LoginProtocolSuite;

/** The Login protocol suite against the services running apart, clients on two gateways. */
class DistributedLoginTest extends DistributedClusterTest implements LoginProtocolSuite {
}
