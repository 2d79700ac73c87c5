package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.testcluster.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoOptionsTest {

    @Test
    void noOptionsArePostgresWithTwoAsynchronousReplicasAndAKilledWriter() {
        DemoOptions o = DemoOptions.parse(List.of());
        assertThat(o).isEqualTo(new DemoOptions(Engine.POSTGRESQL, 2, false, Fault.KILL)).isEqualTo(DemoOptions.DEFAULTS);
    }

    @Test
    void parsesEveryOption() {
        DemoOptions o = DemoOptions.parse(List.of("--engine", "mysql", "--replicas", "15", "--sync", "--fault", "hang"));
        assertThat(o).isEqualTo(new DemoOptions(Engine.MYSQL, 15, true, Fault.HANG));
    }

    @Test
    void laterOptionsWin() {
        assertThat(DemoOptions.parse(List.of("--fault", "cut", "--fault", "FAILOVER")).fault()).isEqualTo(Fault.FAILOVER);
    }

    @ParameterizedTest
    @CsvSource({"kill,KILL", "hang,HANG", "cut,CUT", "failover,FAILOVER", "Kill,KILL"})
    void everyFaultHasItsCommandLineName(String text, Fault fault) {
        assertThat(Fault.parse(text)).isEqualTo(fault);
        assertThat(Fault.parse(fault.option())).isEqualTo(fault);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--engine oracle        | 'oracle'",
            "--engine               | --engine needs a value",
            "--replicas 0           | a failover needs a replica), got 0",
            "--replicas 16          | got 16",
            "--replicas two         | 'two'",
            "--fault flood          | 'flood'",
            "--fault                | --fault needs a value",
            "--json                 | unknown option '--json'",
            "--sync --verbose       | '--verbose'"})
    void rejectsBadInputNamingTheOffendingValue(String args, String message) {
        assertThatThrownBy(() -> DemoOptions.parse(List.of(args.trim().split("\\s+"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theVersionNumberAloneNamesTheNativeDriver() {
        assertThat(AuroraApplication.shortVersion("42.7.14")).isEqualTo("42.7.14");
        assertThat(AuroraApplication.shortVersion("mysql-connector-j-26.10.0 (Revision: 0123abc)")).isEqualTo("26.10.0");
        assertThat(AuroraApplication.shortVersion("unknown")).isEqualTo("unknown");
    }
}
