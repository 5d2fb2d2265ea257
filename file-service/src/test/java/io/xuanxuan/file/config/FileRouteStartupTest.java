package io.xuanxuan.file.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xuanxuan.file.FileServiceApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The file service, started as it runs apart ({@link FileServiceApplication}, its own configuration), without
 * the handler of its one method: the start-up fails and names the route, rather than a client finding out
 * when {@code attach/getList} answers "not available".
 */
class FileRouteStartupTest {

    @Test
    void theServiceDoesNotStartWhenARouteHasNoHandler(@TempDir Path files) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(FileServiceApplication.class)
                .properties("spring.config.name=file-service")
                // the handler bean FileConfiguration declares, taken out before the beans are made
                .initializers(context -> context.addBeanFactoryPostProcessor(beans ->
                        ((BeanDefinitionRegistry) beans).removeBeanDefinition("attachGetListHandler")));

        assertThatThrownBy(() -> close(app.run(
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--xuanxuan.bus.type=in-process",
                "--xuanxuan.files.store=local", "--xuanxuan.files.local.directory=" + files,
                "--spring.r2dbc.url=r2dbc:h2:mem:///file-route-startup;DB_CLOSE_DELAY=-1",
                "--spring.r2dbc.username=sa", "--spring.r2dbc.password=",
                "--xuanxuan.db.jdbc-url=jdbc:h2:mem:file-route-startup;DB_CLOSE_DELAY=-1",
                "--xuanxuan.db.username=sa", "--xuanxuan.db.password=")))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file service")
                .hasMessageContaining("route attach/getlist has no handler");
    }

    private static void close(ConfigurableApplicationContext context) {
        context.close();
    }
}
