package io.xuanxuan.standalone;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives an application context started by a test Netty event loops of its own. In production every server is
 * its own process; in a test JVM several run side by side (the suites' shared servers, a server a test starts
 * and stops, the distributed services), and Spring's {@link ReactorResourceFactory} disposes the JVM's global
 * loops when the context that uses them closes: the other servers' management ports then stop answering.
 */
public final class OwnNettyResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean("reactorResourceFactory", ReactorResourceFactory.class,
                () -> {
                    ReactorResourceFactory resources = new ReactorResourceFactory();
                    resources.setUseGlobalResources(false);
                    return resources;
                });
    }
}
