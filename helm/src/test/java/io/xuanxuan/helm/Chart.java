package io.xuanxuan.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart under {@code helm/xuanxuan}, rendered and linted with the Helm library that helm-java bundles
 * (no helm binary, no cluster).
 */
final class Chart {

    static final Path DIR = Paths.get("xuanxuan").toAbsolutePath();
    static final Path CI = DIR.resolve("ci");
    static final String RELEASE = "xx";
    static final String NAMESPACE = "chat";

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private Chart() {
    }

    /** The values files under ci/ (defaults, everything on, external secrets, minimal). */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(CI)) {
            List<Path> list = files.filter(f -> f.getFileName().toString().endsWith("-values.yaml"))
                    .sorted().toList();
            if (list.size() < 4) {
                throw new IllegalStateException("expected at least 4 values files in " + CI + ", found " + list);
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} with the values file; throws with Helm's message when it fails. */
    static String template(Path valuesFile) {
        return new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(valuesFile).call();
    }

    /**
     * {@code helm template}, hooks included. Helm's library leaves hooks (the {@code helm test} Pod, its
     * ConfigMap and Secret) out of the rendered manifest, so this renders a copy of the chart whose
     * {@code helm.sh/hook} annotations are renamed: the same resources, rendered as plain ones.
     */
    static synchronized String templateWithHooks(Path valuesFile) {
        if (unhooked == null) {
            unhooked = copyChart();
            Path copy = unhooked;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(copy)));
            try (Stream<Path> files = Files.walk(unhooked.resolve("templates"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.writeString(file, Files.readString(file).replace("helm.sh/hook", "unhooked-by-test/hook"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Helm(unhooked).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(valuesFile).call();
    }

    /** {@code helm install --dry-run} without a cluster: Helm's report, NOTES.txt rendered. */
    static String installDryRun(Path valuesFile) {
        return new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile)
                .dryRun().clientOnly().call().getOutput();
    }

    private static Path unhooked;

    /** {@code helm template} with the values given as YAML text. */
    static String template(String valuesYaml) {
        Path file = writeTemp(valuesYaml);
        try {
            return template(file);
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * {@code helm lint --strict -f valuesFile}. helm-java 0.0.21's lint takes no values file, so the chart is
     * linted as a copy whose values.yaml is the chart's merged with the file (Helm's rules: maps merge, the
     * rest replaces, null removes), which is what {@code -f} does.
     */
    static LintResult lintStrict(Path valuesFile) {
        Path copy = copyChart();
        try {
            Map<String, Object> values = readMap(DIR.resolve("values.yaml"));
            Map<String, Object> merged = merge(values, readMap(valuesFile));
            Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(copy);
        }
    }

    /** The rendered manifests, one map per YAML document (empty documents dropped). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String rendered) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String part : rendered.split("(?m)^---\\s*$")) {
            if (part.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object document = YAML.readValue(part, Object.class);
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map)) {
                throw new IllegalStateException("a rendered document is not a mapping:\n" + part);
            }
            documents.add((Map<String, Object>) document);
        }
        return documents;
    }

    /** The source template of a rendered document (Helm's "# Source:" comment), for messages. */
    static String name(Map<String, Object> document) {
        Object metadata = document.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return document.get("kind") + "/" + name;
    }

    static ObjectMapper yaml() {
        return YAML;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readMap(Path file) {
        Object value = YAML.readValue(file.toFile(), Object.class);
        return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object old = result.get(key);
            if (value == null) {
                result.remove(key);
            } else if (old instanceof Map && value instanceof Map) {
                result.put(key, merge((Map<String, Object>) old, (Map<String, Object>) value));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    static Path copyChart() {
        try {
            Path target = Files.createTempDirectory("xx-chart-").resolve("xuanxuan");
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path source : files.toList()) {
                    Path dest = target.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(source, dest);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeTemp(String content) {
        try {
            Path file = Files.createTempFile("xx-values-", ".yaml");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file: the OS cleans up
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(Chart::deleteQuietly);
        } catch (IOException ignored) {
            // a temp directory: the OS cleans up
        }
    }
}
