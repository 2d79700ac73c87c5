package dev.aurorajdbc.testcluster.junit;

import dev.aurorajdbc.testcluster.Engine;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts one {@link dev.aurorajdbc.testcluster.TestCluster} for the annotated test class (before all its tests,
 * closed after them) and injects it into test methods, lifecycle methods and constructors that declare a
 * {@code TestCluster} parameter.
 *
 * <p>When the cluster cannot start: under CI (environment {@code CI=true}) the tests fail; elsewhere they are
 * skipped with a message naming what is missing and how to get it. Clusters that the class's tests start themselves
 * ({@link dev.aurorajdbc.testcluster.TestCluster.Builder#start()}) follow the same rule ({@link PrerequisiteRule}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith({TestClusterExtension.class, PrerequisiteRule.class})
public @interface WithTestCluster {
    Engine engine() default Engine.POSTGRESQL;

    /** Replicas besides the writer, 0 to 15. */
    int replicas() default 2;

    /** Synchronous / semi-synchronous replication. */
    boolean sync() default false;

    /** TLS end to end: see {@link dev.aurorajdbc.testcluster.TestCluster.Builder#tls}. */
    boolean tls() default false;

    /** Automatic failover after the writer has been unreachable this many milliseconds; 0 turns it off. */
    long autoFailoverMillis() default 1000;

    /** The stale-DNS window of the cluster endpoint: see {@link dev.aurorajdbc.testcluster.TestCluster.Builder#staleDnsWindow}. */
    long staleDnsWindowMillis() default 3000;

    /**
     * Where the nodes run: {@code "process"}, {@code "container"} or {@code "auto"} (containers when Docker answers);
     * empty (the default): the system property {@code aurora.testcluster.backend}, else the environment variable
     * {@code AURORA_TESTCLUSTER_BACKEND}, else auto. See {@link dev.aurorajdbc.testcluster.BackendType}.
     */
    String backend() default "";

    /**
     * The server of a MySQL cluster: {@code "mysql"} or {@code "mariadb"}; empty (the default): the system property
     * {@code aurora.testcluster.mysql.server}, else the environment variable {@code AURORA_TESTCLUSTER_MYSQL_SERVER},
     * else MariaDB on the process backend and whatever the image runs on the container backend. See
     * {@link dev.aurorajdbc.testcluster.MySqlServer} and {@link dev.aurorajdbc.testcluster.TestCluster.Builder#mysqlServer}.
     */
    String mysqlServer() default "";
}
