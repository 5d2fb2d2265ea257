package io.xuanxuan.file;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The file service running on its own (distributed mode); configuration in file-service.yml. */
@SpringBootApplication
public class FileServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(FileServiceApplication.class)
                .properties("spring.config.name=file-service")
                .run(args);
    }
}
