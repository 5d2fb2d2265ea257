package io.xuanxuan.chat;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The chat service running on its own (distributed mode); configuration in chat-service.yml. */
@SpringBootApplication
public class ChatServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ChatServiceApplication.class)
                .properties("spring.config.name=chat-service")
                .run(args);
    }
}
