package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresBinariesTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(PostgresBinaries.PROPERTY);
    }

    @Test
    void parsesTheVersionOfDebianZonkyAndPreReleaseBuilds() {
        assertThat(PostgresBinaries.parseVersion("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n")).isEqualTo("15.18");
        assertThat(PostgresBinaries.parseVersion("postgres (PostgreSQL) 17.6\n")).isEqualTo("17.6");
        assertThat(PostgresBinaries.parseVersion("postgres (PostgreSQL) 18beta1")).isEqualTo("18");
        assertThatThrownBy(() -> PostgresBinaries.parseVersion("bash: postgres: command not found"))
                .isInstanceOf(TestClusterException.class).hasMessageContaining("command not found");
    }

    @Test
    void majorVersions() {
        assertThat(PostgresBinaries.major("15.18")).isEqualTo(15);
        assertThat(PostgresBinaries.major("16")).isEqualTo(16);
        assertThat(PostgresBinaries.major("9.6")).isEqualTo(9);
        assertThatThrownBy(() -> PostgresBinaries.major("x.1")).isInstanceOf(TestClusterException.class);
    }

    @Test
    void picksTheHighestInstalledMajorVersionNumerically(@TempDir Path root) throws IOException {
        fakePostgres(root.resolve("9.6/bin"), "9.6.24");
        fakePostgres(root.resolve("15/bin"), "15.18");
        Files.createDirectories(root.resolve("16/bin")); // an incomplete install: no postgres
        Files.createDirectories(root.resolve("common"));
        assertThat(PostgresBinaries.highestVersionDir(root)).isEqualTo(root.resolve("15/bin"));
        assertThat(PostgresBinaries.highestVersionDir(root.resolve("missing"))).isNull();
    }

    @Test
    void anExplicitSettingWinsAndIsChecked(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("bin");
        fakePostgres(bin, "16.3");
        Files.writeString(bin.resolve("initdb"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("initdb"), PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(PostgresBinaries.PROPERTY, bin.toString());
        Binaries found = PostgresBinaries.search();
        assertThat(found.version()).isEqualTo("16.3");
        assertThat(found.origin()).startsWith("explicit " + bin).contains(PostgresBinaries.PROPERTY);
        assertThat(found.tool("initdb")).isEqualTo(bin.resolve("initdb"));
        assertThat(found.tool("pg_basebackup")).isNull();
        assertThat(found.tool("../bin/initdb")).isNull();
        assertThat(found.serverUserWhenRoot()).isIn("postgres", "nobody");
    }

    @Test
    void anExplicitSettingWithoutPostgresOrTooOldFails(@TempDir Path dir) throws IOException {
        System.setProperty(PostgresBinaries.PROPERTY, dir.toString());
        assertThatThrownBy(PostgresBinaries::search).isInstanceOf(TestClusterException.class)
                .hasMessageContaining(PostgresBinaries.PROPERTY).hasMessageContaining("no executable 'postgres'");

        fakePostgres(dir, "14.9");
        assertThatThrownBy(PostgresBinaries::search).isInstanceOf(TestClusterException.class)
                .hasMessageContaining("14.9").hasMessageContaining("15 or newer");
    }

    private static void fakePostgres(Path bin, String version) throws IOException {
        Files.createDirectories(bin);
        Path postgres = bin.resolve("postgres");
        Files.writeString(postgres, "#!/bin/sh\necho 'postgres (PostgreSQL) " + version + "'\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
