package io.xuanxuan.standalone;

/** The chat permissions protocol suite against the standalone server, over the 1.0 client's TCP door. */
class ChatPermissionsProtocolTcpTest extends StandaloneTcpServerTest implements ChatPermissionsProtocolSuite {
}
