package io.xuanxuan.standalone;

/** The chat rules protocol suite against the standalone server, over the 1.0 client's TCP door. */
class ChatRulesProtocolTcpTest extends StandaloneTcpServerTest implements ChatRulesProtocolSuite {
}
