package io.xuanxuan.standalone;

/** The FileUpload file suite against the standalone server: uploads over HTTP, the chat side over the 1.0 client's TCP door. */
class FileUploadProtocolTcpTest extends FileServerTcpTest implements FileUploadProtocolSuite {
}
