package io.xuanxuan.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the service images (profile {@code images}, built by Jib, README "Container images") must be, checked
 * on the build files: a container engine is not at hand to build and run them in the suite (scripts/images.sh
 * builds the tarballs; its output was inspected by hand). Each of the five services builds an image named
 * after it, runs its own main class as a non-root user with the heap sized from the container's memory,
 * and exposes the ports its configuration listens on by default, so a port changed in a service's yml
 * without its image fails here.
 */
class ContainerImageConfigurationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("gateway-service", "presence-service", "chat-service",
            "offline-service", "file-service");
    private static final Pattern DEFAULT_OF = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}");

    @Test
    void theImagesProfileRunsTheMainClassAsNonRootWithTheHeapFromTheContainersMemory() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        assertThat(property(parent, "xx.image.base")).isEqualTo("eclipse-temurin:17-jre");
        assertThat(property(parent, "xx.image.repository")).isEqualTo("xuanxuan");
        // the chart's images default to its appVersion: the images must be tagged with it
        Matcher appVersion = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)").matcher(
                Files.readString(ROOT.resolve("helm/xuanxuan/Chart.yaml")));
        assertThat(appVersion.find()).as("appVersion in helm/xuanxuan/Chart.yaml").isTrue();
        assertThat(property(parent, "xx.image.tag")).as("the image tag").isEqualTo(appVersion.group(1));
        assertThat(property(parent, "xx.image.skip")).as("no image for modules that are not services").isEqualTo("true");
        Element jib = imagesProfileJib(parent);
        assertThat(text(jib, "from/image")).isEqualTo("${xx.image.base}");
        assertThat(text(jib, "to/image")).isEqualTo("${xx.image.repository}/${xx.image.name}:${xx.image.tag}");
        assertThat(text(jib, "skip")).isEqualTo("${xx.image.skip}");
        assertThat(text(jib, "containerizingMode")).isEqualTo("exploded");
        assertThat(text(jib, "container/mainClass")).isEqualTo("${xx.image.main-class}");
        String user = text(jib, "container/user");
        assertThat(user).matches("\\d+:\\d+");
        assertThat(Integer.parseInt(user.substring(0, user.indexOf(':')))).as("uid").isEqualTo(10001);
        assertThat(texts(jib, "container/jvmFlags/jvmFlag"))
                .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
                .noneMatch(flag -> flag.startsWith("-Xmx") || flag.startsWith("-Xms"));
        assertThat(texts(jib, "container/ports/port")).containsExactly("${xx.image.port}", "${xx.image.management-port}");
        assertThat(executionGoals(jib)).containsExactly("buildTar");
    }

    @Test
    void eachServiceBuildsItsImageWithItsMainClassAndPorts() throws Exception {
        for (String service : SERVICES) {
            Document pom = parse(ROOT.resolve(service).resolve("pom.xml"));
            assertThat(property(pom, "xx.image.skip")).as(service).isEqualTo("false");
            assertThat(property(pom, "xx.image.name")).as(service).isEqualTo(service);
            String mainClass = property(pom, "xx.image.main-class");
            Path source = ROOT.resolve(service).resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java");
            assertThat(source).as(service + " main class").exists();
            assertThat(Files.readString(source)).contains("@SpringBootApplication", "public static void main(");

            Map<String, String> ports = defaultPorts(ROOT.resolve(service).resolve("src/main/resources/" + service + ".yml"));
            assertThat(property(pom, "xx.image.port")).as(service + " server.port").isEqualTo(ports.get("server"));
            assertThat(property(pom, "xx.image.management-port")).as(service + " management.server.port")
                    .isEqualTo(ports.getOrDefault("management", ports.get("server")));
        }
    }

    /** The defaults of {@code server.port} and {@code management.server.port} in a service's yml. */
    private static Map<String, String> defaultPorts(Path yml) throws Exception {
        Map<String, String> ports = new HashMap<>();
        String section = null;
        boolean underServer = false;
        for (String line : Files.readAllLines(yml)) {
            if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("#")) {
                section = line.replace(":", "").trim();
                underServer = false;
            } else if (line.trim().equals("server:")) {
                underServer = true;
            }
            Matcher port = DEFAULT_OF.matcher(line);
            if (line.trim().startsWith("port:") && port.find()) {
                if ("server".equals(section)) {
                    ports.put("server", port.group(1));
                } else if ("management".equals(section) && underServer) {
                    ports.put("management", port.group(1));
                }
            }
        }
        assertThat(ports).as("ports in " + yml).containsKey("server");
        return ports;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String property(Document pom, String name) {
        Element properties = child(pom.getDocumentElement(), "properties");
        Element value = properties == null ? null : child(properties, name);
        assertThat(value).as("property " + name).isNotNull();
        return value.getTextContent().trim();
    }

    private static Element imagesProfileJib(Document parent) {
        NodeList profiles = parent.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("images".equals(text(profile, "id"))) {
                NodeList plugins = profile.getElementsByTagName("plugin");
                for (int j = 0; j < plugins.getLength(); j++) {
                    Element plugin = (Element) plugins.item(j);
                    if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                        return plugin;
                    }
                }
            }
        }
        throw new AssertionError("no jib-maven-plugin in profile images of the parent pom");
    }

    private static List<String> executionGoals(Element plugin) {
        return texts(plugin, "executions/execution/goals/goal");
    }

    /** The configuration value at a path below the plugin's {@code configuration} (or the element itself). */
    private static String text(Element element, String path) {
        List<String> values = texts(element, path);
        assertThat(values).as(path).hasSize(1);
        return values.get(0);
    }

    private static List<String> texts(Element element, String path) {
        Element start = element;
        if (!path.startsWith("executions") && !path.equals("id") && !path.equals("artifactId")) {
            start = child(element, "configuration");
        }
        List<Element> current = List.of(start);
        for (String name : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element e : current) {
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element c && c.getTagName().equals(name)) {
                        next.add(c);
                    }
                }
            }
            current = next;
        }
        return current.stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
