package io.xuanxuan.standalone;

/** The OneToOneFiles file suite against the standalone server: uploads over HTTP, the chat side over the 1.0 client's TCP door. */
class OneToOneFilesProtocolTcpTest extends FileServerTcpTest implements OneToOneFilesProtocolSuite {
}
