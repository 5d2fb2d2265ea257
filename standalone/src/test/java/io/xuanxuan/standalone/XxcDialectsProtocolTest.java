package io.xuanxuan.standalone;

/** The 2.x dialects suite against the standalone server. */
class XxcDialectsProtocolTest extends StandaloneXxcServerTest implements XxcDialectsProtocolSuite {
}
