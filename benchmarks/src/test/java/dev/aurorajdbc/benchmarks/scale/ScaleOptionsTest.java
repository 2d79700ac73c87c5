package dev.aurorajdbc.benchmarks.scale;

import dev.aurorajdbc.testcluster.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleOptionsTest {

    @Test
    void defaultsAreFifteenReplicasAndAThousandConnectionsPerClient() {
        ScaleOptions o = ScaleOptions.parse(List.of());
        assertThat(o.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(o.replicas()).isEqualTo(15);
        assertThat(o.connections()).isEqualTo(1_000);
        assertThat(o.clients()).containsExactly("raw", "aurora", "aurora-rw", "aws-wrapper", "aws-rw");
        assertThat(o.steadySeconds()).isEqualTo(60);
        assertThat(o.output()).isEqualTo(Path.of("benchmarks", "results", "scale-postgresql.json"));
        assertThat(ScaleOptions.parse(List.of("--engine", "mysql")).clients()).containsExactly("raw", "aurora", "aurora-rw");
    }

    @Test
    void everyOptionIsParsed() {
        ScaleOptions o = ScaleOptions.parse(List.of("--replicas", "3", "--connections", "50", "--clients", "Aurora,raw,aurora",
                "--steady-seconds", "5", "--output", "/tmp/s.json"));
        assertThat(o.replicas()).isEqualTo(3);
        assertThat(o.connections()).isEqualTo(50);
        assertThat(o.clients()).containsExactly("aurora", "raw");
        assertThat(o.steadySeconds()).isEqualTo(5);
        assertThat(o.output()).isEqualTo(Path.of("/tmp/s.json"));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--replicas", "16"))).hasMessage("--replicas must be between 0 and 15, got 16");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--connections", "5000")))
                .hasMessageStartingWith("--connections must be between 1 and 1100");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--clients", "hikari"))).hasMessage("--clients takes raw, aurora, aurora-rw, aws-wrapper or aws-rw, got 'hikari'");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--engine", "mysql", "--clients", "aws-wrapper")))
                .hasMessageStartingWith("client aws-wrapper does not run on mysql");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--steady-seconds", "x"))).hasMessage("--steady-seconds needs a whole number, got 'x'");
        assertThatThrownBy(() -> ScaleOptions.parse(List.of("--nope"))).hasMessage("unknown option '--nope'");
    }
}
