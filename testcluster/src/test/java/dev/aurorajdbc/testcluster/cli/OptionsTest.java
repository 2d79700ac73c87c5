package dev.aurorajdbc.testcluster.cli;

import dev.aurorajdbc.testcluster.BackendType;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void defaultsArePostgresWithTwoAsynchronousReplicasAndTheWatchdogOn() {
        Main.Options o = Main.Options.parse(new String[] {"up"});
        assertThat(o.engine).isEqualTo(Engine.POSTGRESQL);
        assertThat(o.replicas).isEqualTo(2);
        assertThat(o.sync).isFalse();
        assertThat(o.json).isFalse();
        assertThat(o.autoFailoverMs).isEqualTo(1000);
    }

    @Test
    void parsesEveryOption() {
        Main.Options o = Main.Options.parse(new String[] {"up", "--engine", "mariadb", "--replicas", "15", "--sync",
                "--json", "--port", "6000", "--auto-failover-ms", "0"});
        assertThat(o.command).isEqualTo("up");
        assertThat(o.engine).isEqualTo(Engine.MYSQL);
        assertThat(o.replicas).isEqualTo(15);
        assertThat(o.sync).isTrue();
        assertThat(o.json).isTrue();
        assertThat(o.port).isEqualTo(6000);
        assertThat(o.autoFailoverMs).isZero();
    }

    @Test
    void theBackendAndImageAreChosenOnTheCommandLine() {
        Main.Options o = Main.Options.parse(new String[] {"up", "--backend", "container", "--image", "postgres:16"});
        assertThat(o.backend).isEqualTo(BackendType.CONTAINER);
        assertThat(o.image).isEqualTo("postgres:16");
        assertThat(Main.Options.parse(new String[] {"up"}).backend).as("unset: the builder's default").isNull();
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--backend", "vm"}))
                .hasMessageContaining("'vm'").hasMessageContaining("container");
    }

    @Test
    void theMySqlServerIsChosenOnTheCommandLine() {
        Main.Options o = Main.Options.parse(new String[] {"up", "--engine", "mysql", "--mysql-server", "mysql"});
        assertThat(o.mysqlServer).isEqualTo(MySqlServer.MYSQL);
        assertThat(Main.Options.parse(new String[] {"up"}).mysqlServer).as("unset: the builder's default").isNull();
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--mysql-server", "percona"}))
                .hasMessageContaining("'percona'").hasMessageContaining("mariadb");
    }

    @Test
    void theDemoMovedToTheBenchmarksModuleAndTheMessageSaysWhere() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"demo"})).hasMessageContaining("./demo");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--fault", "kill"})).hasMessageContaining("'--fault'");
    }

    @Test
    void rejectsBadInputWithTheOffendingValue() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"down"})).hasMessageContaining("'down'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--replicas", "16"})).hasMessageContaining("16");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--replicas", "two"})).hasMessageContaining("'two'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--engine", "oracle"})).hasMessageContaining("'oracle'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--engine"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"up", "--verbose"})).hasMessageContaining("'--verbose'");
    }
}
