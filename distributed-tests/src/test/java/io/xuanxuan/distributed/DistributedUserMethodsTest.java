package io.xuanxuan.distributed;

import io.xuanxuan.standalone.UserMethodsProtocolSuite;

/** The UserMethods protocol suite against the services running apart, clients on two gateways. */
class DistributedUserMethodsTest extends DistributedClusterTest implements UserMethodsProtocolSuite {
}
