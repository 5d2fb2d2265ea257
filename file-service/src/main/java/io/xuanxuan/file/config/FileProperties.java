package io.xuanxuan.file.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the file service ({@code xuanxuan.files.*}). */
@ConfigurationProperties("xuanxuan.files")
public class FileProperties {

    public enum Store { LOCAL, MINIO }

    /** Where file contents are kept: {@code local} (a directory) or {@code minio} (MinIO or any S3-compatible store). */
    private Store store = Store.LOCAL;
    /** Largest file an upload may carry; larger is refused with 413 while it streams. */
    private DataSize maxFileSize = DataSize.ofMegabytes(32);
    /** Most files one upload request may carry. */
    private int maxFiles = 20;
    private final Local local = new Local();
    private final Minio minio = new Minio();
    private final Legacy legacy = new Legacy();
    private final Orphans orphans = new Orphans();

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public DataSize getMaxFileSize() {
        return maxFileSize;
    }

    public void setMaxFileSize(DataSize maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    public int getMaxFiles() {
        return maxFiles;
    }

    public void setMaxFiles(int maxFiles) {
        this.maxFiles = maxFiles;
    }

    public Local getLocal() {
        return local;
    }

    public Minio getMinio() {
        return minio;
    }

    public Legacy getLegacy() {
        return legacy;
    }

    public Orphans getOrphans() {
        return orphans;
    }

    /** The sweep of what a crash leaves in the store: temporary files, and objects whose upload got no row. */
    public static class Orphans {
        /** Only what is older than this is removed (an upload of another process may still be running). */
        private Duration minAge = Duration.ofHours(1);
        /** How often the sweep runs after the one at start-up; 0: only at start-up. */
        private Duration sweepInterval = Duration.ofHours(1);

        public Duration getMinAge() {
            return minAge;
        }

        public void setMinAge(Duration minAge) {
            this.minAge = minAge;
        }

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }
    }

    public static class Local {
        /** The directory of the local store; default {@code ${xuanxuan.data-dir}/files}. Created if missing. */
        private Path directory;

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    public static class Minio {
        /** URL of the S3 API, e.g. http://minio:9000. */
        private String endpoint;
        private String accessKey;
        private String secretKey;
        /** Bucket of the files; created if missing. */
        private String bucket = "xuanxuan-files";
        /** Region of the bucket; empty: ask the store. */
        private String region = "";
        /** Size of the parts of a multipart upload (at least 5MB); at most two per upload are in memory. */
        private DataSize partSize = DataSize.ofMegabytes(5);

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getAccessKey() {
            return accessKey;
        }

        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public DataSize getPartSize() {
            return partSize;
        }

        public void setPartSize(DataSize partSize) {
            this.partSize = partSize;
        }
    }

    /** What {@code /index.php?mode=getconfig} tells the real 1.0 client. */
    public static class Legacy {
        /** Host of the legacy TCP listener; empty: the host the request was sent to. */
        private String ip = "";
        /** Port of the legacy TCP listener; 0: the port the request was sent to (the HTTP port). */
        private int port = 0;
        /** The server version reported. */
        private String version = "1.0.0";

        public String getIp() {
            return ip;
        }

        public void setIp(String ip) {
            this.ip = ip;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }
    }
}
