package io.xuanxuan.distributed;

import io.xuanxuan.standalone.ChatMethodsProtocolSuite;

/** The ChatMethods protocol suite against the services running apart, clients on two gateways. */
class DistributedChatMethodsTest extends DistributedClusterTest implements ChatMethodsProtocolSuite {
}
