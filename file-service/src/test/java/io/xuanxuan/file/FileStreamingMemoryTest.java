package io.xuanxuan.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat while a file much larger than the heap streams through upload and download: a separate
 * JVM with a small heap ({@link FileStreamingMain}) completes without OutOfMemoryError and gets every byte
 * back. Default: 64 MiB through -Xmx48m; the big run is
 * {@code -Dxuanxuan.files.memory-test-mib=200 -Dxuanxuan.files.memory-test-xmx=64m}. Timings are not asserted.
 */
class FileStreamingMemoryTest {

    @Test
    void aFileMuchLargerThanTheHeapStreamsUpAndDownThroughASmallHeap() throws Exception {
        int mib = Integer.getInteger("xuanxuan.files.memory-test-mib", 64);
        String xmx = System.getProperty("xuanxuan.files.memory-test-xmx", "48m");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", "-cp", classPath,
                FileStreamingMain.class.getName(), String.valueOf(mib));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        String text = output.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(ended).as("the streaming JVM ended").isTrue();
        assertThat(text).doesNotContain("OutOfMemoryError");
        assertThat(process.exitValue()).as(text).isZero();
        Matcher result = Pattern.compile("RESULT size=(\\d+) uploaded=(\\d+) downloaded=(\\d+) match=true").matcher(text);
        assertThat(result.find()).as(text).isTrue();
        long size = (long) mib * 1024 * 1024;
        assertThat(Long.parseLong(result.group(1))).isEqualTo(size);
        assertThat(Long.parseLong(result.group(2))).isEqualTo(size);
        assertThat(Long.parseLong(result.group(3))).isEqualTo(size);
    }
}
