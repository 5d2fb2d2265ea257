package io.xuanxuan.distributed;

import io.xuanxuan.standalone.AuthorizationMatrixProtocolSuite;

/** The authorization matrix against the services running apart, clients on two gateways. */
class DistributedAuthorizationMatrixTest extends DistributedClusterTest implements AuthorizationMatrixProtocolSuite {
}
