package io.xuanxuan.standalone;

/** The 2.x refusals suite against the standalone server. */
class XxcRefusalsProtocolTest extends StandaloneXxcServerTest implements XxcRefusalsProtocolSuite {
}
