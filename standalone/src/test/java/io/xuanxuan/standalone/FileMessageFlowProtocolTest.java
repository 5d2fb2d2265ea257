package io.xuanxuan.standalone;

/** The file-message flow file suite against the standalone server. */
class FileMessageFlowProtocolTest extends FileServerTest implements FileMessageFlowProtocolSuite {
}
