package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatPermissionsProtocolSuite;

/** The ChatPermissions protocol suite against the services running apart, clients on two gateways. */
class DistributedChatPermissionsTest extends DistributedClusterTest implements ChatPermissionsProtocolSuite {
}
