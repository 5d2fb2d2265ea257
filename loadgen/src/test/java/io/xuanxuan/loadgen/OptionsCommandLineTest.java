package io.xuanxuan.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command lines bench/run.sh writes, parsed by picocli as the hand-written parser did. */
class OptionsCommandLineTest {

    @Test
    void theFormsTheBenchScriptsUse() {
        Options o = Options.parse(new String[] {"one2one", "--short", "--heap=1g", "--bcrypt-strength=4",
                "--server-jvm-arg=-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile",
                "--server-arg=--xuanxuan.metrics.histograms=true", "--server-arg", "--b=2", "--jar", "x.jar",
                "--pairs=10", "--rates=100,300,", "--run=R", "--results=out", "--note=a, b"});
        assertThat(o.shortMode).isTrue();
        assertThat(o.durationSeconds()).isEqualTo(10);
        assertThat(o.heap).isEqualTo("1g");
        assertThat(o.serverJvmArgs).containsExactly("-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile");
        assertThat(o.serverArgs).containsExactly("--xuanxuan.metrics.histograms=true", "--b=2");
        assertThat(o.jar).isEqualTo(Path.of("x.jar"));
        assertThat(o.stepRates("one2one")).containsExactly(100.0, 300.0);
        assertThat(o.run).isEqualTo("R");
        assertThat(o.results).isEqualTo(Path.of("out"));
        assertThat(o.note).isEqualTo("a, b");
        assertThat(Options.parse(new String[] {"group", "--short=false"}).shortMode).isFalse();
    }

    @Test
    void defaultsHelpAndUnknownOptions() {
        Options o = Options.parse(new String[] {"group"});
        assertThat(o.members).isEqualTo(100);
        assertThat(o.senders).isEqualTo(5);
        assertThat(o.rateFor("group")).isEqualTo(5.0);
        assertThat(o.password).isEqualTo("bench-pass");
        assertThat(o.results).isEqualTo(Path.of("bench/results"));
        assertThat(Options.parse(new String[] {"group", "--pairs=3", "--pairs=4"}).pairs).isEqualTo(4);
        assertThatThrownBy(() -> Options.parse(new String[] {"group", "--help"})).hasMessage("");
        assertThatThrownBy(() -> Options.parse(new String[] {"group", "--no-such=1"})).hasMessageContaining("--no-such");
        assertThatThrownBy(() -> Options.parse(new String[] {"group", "--pairs=x"})).hasMessageContaining("--pairs");
    }
}
