package io.xuanxuan.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} passes for every values file under ci/ (strict: a warning fails too). */
class ChartLintTest {

    static List<Path> valuesFiles() {
        return Chart.ciValuesFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void lintStrictPasses(Path valuesFile) {
        LintResult result = Chart.lintStrict(valuesFile);

        assertThat(result.isFailed()).as("lint --strict of %s: %s", valuesFile.getFileName(), result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).as("lint messages of %s", valuesFile.getFileName())
                .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
    }
}
