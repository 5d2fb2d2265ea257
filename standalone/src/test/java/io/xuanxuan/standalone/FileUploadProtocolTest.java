package io.xuanxuan.standalone;

/** The upload file suite against the standalone server. */
class FileUploadProtocolTest extends FileServerTest implements FileUploadProtocolSuite {
}
