package dev.aurorajdbc.testcluster.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchSpaceTest {

    @Test
    void sweepKillsTheServersOfADeadJvmAndDeletesItsDirectory(@TempDir Path base) throws Exception {
        // A "server" left behind by a JVM that no longer exists.
        Process orphan = new ProcessBuilder("sleep", "300").start();
        Path stale = Files.createDirectories(base.resolve("postgresql-123-999999/11"));
        Files.writeString(stale.getParent().resolve(ScratchSpace.OWNER_FILE), "999999 12345\n");
        Files.writeString(stale.resolve(ScratchSpace.PID_FILE), orphan.pid() + "\n");
        // A directory of this (live) JVM must survive.
        Path live = ScratchSpace.createClusterDir(base, "mysql-7");

        ScratchSpace.sweepStale(base);

        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the orphaned server was killed").isTrue();
        assertThat(stale.getParent()).doesNotExist();
        assertThat(live).exists();
    }

    @Test
    void theTetherCleansUpWhenItsPipeCloses(@TempDir Path base) throws Exception {
        Path dir = ScratchSpace.createClusterDir(base, "pg-8");
        Process server = new ProcessBuilder("sleep", "300").start();
        Files.createDirectories(dir.resolve("11"));
        Files.writeString(dir.resolve("11").resolve(ScratchSpace.PID_FILE), server.pid() + "\n");
        Process tether = ScratchSpace.startTether(dir);
        tether.getOutputStream().close(); // what the kernel does when the JVM dies
        assertThat(tether.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("the server was killed").isTrue();
        assertThat(dir).doesNotExist();
    }
}
