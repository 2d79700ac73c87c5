package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;
import dev.aurorajdbc.testcluster.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailoverOptionsTest {

    @Test
    void defaultsAreTwentyTrialsOfEveryFaultWithEveryClientOfTheEngineOnASynchronousCluster() {
        FailoverOptions o = FailoverOptions.parse(List.of());
        assertThat(o.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(o.trials()).isEqualTo(20);
        assertThat(o.faults()).containsExactly(Fault.KILL, Fault.HANG, Fault.CUT, Fault.FAILOVER);
        assertThat(o.clients()).containsExactly(ClientKind.AURORA, ClientKind.AWS_WRAPPER, ClientKind.PGJDBC_PRIMARY);
        assertThat(o.replicas()).isEqualTo(2);
        assertThat(o.sync()).isTrue();
        assertThat(o.intervalMs()).isEqualTo(5);
        assertThat(o.client()).isEqualTo(new ClientSettings(2_000, 2_000));
        assertThat(o.trialTimeoutMs()).isEqualTo(60_000);
        assertThat(o.autoFailoverMs()).isEqualTo(1_000);
        assertThat(o.output()).isEqualTo(Path.of("benchmarks", "results", "failover-postgresql.json"));
    }

    @Test
    void onMySqlTheDefaultClientsAreThisDriverAndConnectorJ() {
        FailoverOptions o = FailoverOptions.parse(List.of("--engine", "mysql"));
        assertThat(o.clients()).containsExactly(ClientKind.AURORA, ClientKind.CONNECTORJ_MULTIHOST);
        assertThat(o.output()).isEqualTo(Path.of("benchmarks", "results", "failover-mysql.json"));
    }

    @Test
    void everyOptionIsParsed() {
        FailoverOptions o = FailoverOptions.parse(List.of("--engine", "postgresql", "--faults", "hang, KILL,hang",
                "--trials", "3", "--clients", "aurora,pgjdbc-primary", "--replicas", "4", "--async", "--interval-ms", "7",
                "--connect-timeout-ms", "1500", "--socket-timeout-ms", "0", "--trial-timeout-ms", "30000",
                "--output", "/tmp/x.json", "--auto-failover-ms", "300"));
        assertThat(o.faults()).containsExactly(Fault.HANG, Fault.KILL);
        assertThat(o.trials()).isEqualTo(3);
        assertThat(o.clients()).containsExactly(ClientKind.AURORA, ClientKind.PGJDBC_PRIMARY);
        assertThat(o.replicas()).isEqualTo(4);
        assertThat(o.sync()).isFalse();
        assertThat(o.intervalMs()).isEqualTo(7);
        assertThat(o.client()).isEqualTo(new ClientSettings(1_500, 0));
        assertThat(o.trialTimeoutMs()).isEqualTo(30_000);
        assertThat(o.output()).isEqualTo(Path.of("/tmp/x.json"));
        assertThat(o.autoFailoverMs()).isEqualTo(300);
    }

    @Test
    void aClientThatDoesNotRunOnTheEngineIsRefusedNamingTheOnesThatDo() {
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--engine", "mysql", "--clients", "aws-wrapper")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client aws-wrapper does not run on mysql; on mysql the clients are aurora, connectorj-multihost");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--trials", "0")))
                .hasMessage("--trials must be at least 1, got 0");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--trials", "many")))
                .hasMessage("--trials needs a whole number, got 'many'");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--trials")))
                .hasMessage("--trials needs a value");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--replicas", "16")))
                .hasMessageStartingWith("--replicas must be between 1 and 15");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--faults", "flood")))
                .hasMessage("--fault must be kill, hang, cut or failover, got 'flood'");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--clients", "hikari")))
                .hasMessage("--clients takes aurora, aurora-endpoint, aws-wrapper, aws-wrapper-endpoint, pgjdbc-primary,"
                        + " connectorj-multihost; got 'hikari'");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--faults", ",")))
                .hasMessage("--faults needs at least one fault");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--socket-timeout-ms", "-1")))
                .hasMessageStartingWith("--socket-timeout-ms must be 0 (none) or more");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--auto-failover-ms", "10")))
                .hasMessage("--auto-failover-ms must be at least 100, got 10");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--trial-timeout-ms", "10")))
                .hasMessage("--trial-timeout-ms must be at least 1000, got 10");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--verbose")))
                .hasMessage("unknown option '--verbose'");
    }

    @Test
    void pgjdbcTimeoutsAreWholeSecondsRoundedUp() {
        java.util.Properties p = new java.util.Properties();
        new ClientSettings(1_500, 2_001).applyPgjdbcTimeouts(p);
        assertThat(p).containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2").containsEntry("socketTimeout", "3");
        java.util.Properties none = new java.util.Properties();
        new ClientSettings(200, 0).applyPgjdbcTimeouts(none);
        assertThat(none).containsEntry("connectTimeout", "1").doesNotContainKey("socketTimeout");
        assertThat(new ClientSettings(2_000, 2_500).nativeSocketTimeout(false)).isEqualTo("2500");
        assertThat(new ClientSettings(2_000, 2_500).nativeSocketTimeout(true)).isEqualTo("3");
    }

    @Test
    void awsWrapperPropertiesAreCollectedInOrderAndNeedANameAndAValue() {
        assertThat(FailoverOptions.parse(List.of()).awsWrapperProperties()).isEmpty();
        FailoverOptions o = FailoverOptions.parse(List.of("--aws-wrapper-property", "failureDetectionTime=5000",
                "--aws-wrapper-property", "wrapperPlugins=failover2,efm2", "--aws-wrapper-property", "empty="));
        assertThat(o.awsWrapperProperties()).containsExactly(java.util.Map.entry("failureDetectionTime", "5000"),
                java.util.Map.entry("wrapperPlugins", "failover2,efm2"), java.util.Map.entry("empty", ""));
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--aws-wrapper-property", "=5")))
                .hasMessage("--aws-wrapper-property needs NAME=VALUE, got '=5'");
        assertThatThrownBy(() -> FailoverOptions.parse(List.of("--aws-wrapper-property", "x")))
                .hasMessage("--aws-wrapper-property needs NAME=VALUE, got 'x'");
    }
}
