package io.xuanxuan.standalone;

/** The 2.x login suite against the standalone server. */
class XxcLoginProtocolTest extends StandaloneXxcServerTest implements XxcLoginProtocolSuite {
}
