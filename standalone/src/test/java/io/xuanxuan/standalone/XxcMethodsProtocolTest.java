package io.xuanxuan.standalone;

/** The 2.x methods suite against the standalone server. */
class XxcMethodsProtocolTest extends StandaloneXxcServerTest implements XxcMethodsProtocolSuite {
}
