package io.xuanxuan.distributed;

import io.xuanxuan.standalone.FileUploadProtocolSuite;

/** The FileUpload suite against the file service running apart, on S3. */
class DistributedFileUploadTest extends DistributedFileServerTest implements FileUploadProtocolSuite {
}
