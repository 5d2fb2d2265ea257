package io.xuanxuan.distributed;

import io.xuanxuan.standalone.FileRefusalProtocolSuite;

/** The FileRefusal suite against the file service running apart, on S3. */
class DistributedFileRefusalTest extends DistributedFileServerTest implements FileRefusalProtocolSuite {
}
