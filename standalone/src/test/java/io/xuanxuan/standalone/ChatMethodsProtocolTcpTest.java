package io.xuanxuan.standalone;

/** The chat methods protocol suite against the standalone server, over the 1.0 client's TCP door. */
class ChatMethodsProtocolTcpTest extends StandaloneTcpServerTest implements ChatMethodsProtocolSuite {
}
