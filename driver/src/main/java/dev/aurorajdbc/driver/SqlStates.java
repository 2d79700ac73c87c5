package dev.aurorajdbc.driver;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The SQLStates the driver reports and the classification of the native drivers' errors that the exception
 * funnel uses to decide whether a failure concerns the cluster (the host is gone, the writer was demoted) or only
 * the statement.
 */
public final class SqlStates {
    /** Failed over outside a transaction: the connection is usable, redo the statement (as the AWS wrapper). */
    public static final String FAILOVER_SUCCEEDED = "08S02";
    /** Failed over inside a transaction: the transaction is gone, redo it (as the AWS wrapper). */
    public static final String TRANSACTION_RESOLUTION_UNKNOWN = "08007";
    /** Cannot connect: a malformed {@code jdbc:aurora:} URL, or no writer within the failover timeout (as the AWS wrapper). */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** The connection is closed. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** Read/write splitting refused to switch inside a transaction (PostgreSQL's active_sql_transaction). */
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    /** A property or URL parameter has a bad value. */
    public static final String INVALID_PARAMETER_VALUE = "22023";

    /** MySQL/MariaDB ER_OPTION_PREVENTS_STATEMENT: "running with the --read-only option". */
    static final int MYSQL_READ_ONLY = 1290;
    /** MySQL ER_READ_ONLY_MODE. */
    static final int MYSQL_READ_ONLY_MODE = 1836;
    /**
     * MySQL ER_SERVER_OFFLINE_MODE (SQLState HY000): the server turns sessions away, as before a shutdown or a
     * demotion; a connect during that time must try another host.
     */
    static final int MYSQL_OFFLINE_MODE = 3032;

    /** What a native driver's error says about the host it came from. */
    public enum Failure {
        /**
         * The connection or the host is gone (08xxx, an administrator shut the server down or put MySQL in offline
         * mode, I/O failure).
         */
        CONNECTION,
        /** The host accepts no writes: the writer was demoted to a replica. */
        READ_ONLY,
        /** The statement failed; the host is fine. */
        STATEMENT
    }

    private SqlStates() {
    }

    /**
     * What a native driver's connect failure says when the server's TLS certificate was not accepted — not trusted
     * (wrong CA, expired, self-signed) or not naming the host connected to — or {@code null} when it is no such
     * failure. Such a connect cannot succeed by waiting or trying again: every host of a cluster has a certificate of
     * the same CA, and the writer's name does not change. A TLS handshake that breaks (the server went away) is not
     * one: that is an I/O failure, the host is unreachable.
     *
     * <p>Recognised: a {@link java.security.cert.CertificateException} (Connector/J's identity check, the JDK's
     * {@code ValidatorException}), {@link java.security.cert.CertPathBuilderException} or
     * {@link java.security.cert.CertPathValidatorException} (PKIX), or {@link javax.net.ssl.SSLPeerUnverifiedException}
     * among the causes, and pgjdbc's host name check ("The hostname ... could not be verified by hostnameverifier"),
     * which has no cause.
     */
    public static String tlsVerificationFailure(SQLException e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SQLException x = e; x != null && seen.add(x); x = x.getNextException()) {
            String message = x.getMessage();
            if (message != null && message.contains("could not be verified by hostnameverifier")) {
                return "the server's certificate does not name the host: " + message;
            }
            for (Throwable t = x.getCause(); t != null && seen.add(t); t = t.getCause()) {
                if (t instanceof CertificateException
                        || t instanceof CertPathBuilderException
                        || t instanceof CertPathValidatorException
                        || t instanceof SSLPeerUnverifiedException) {
                    return "the server's certificate was not accepted: " + t.getClass().getSimpleName() + ": " + t.getMessage();
                }
            }
        }
        return null;
    }

    /** Classifies a native driver's exception, looking through its chained exceptions. */
    public static Failure classify(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            Failure f = classifyOne(x);
            if (f != Failure.STATEMENT) {
                return f;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return Failure.STATEMENT;
    }

    private static Failure classifyOne(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            if (state.startsWith("08")) {
                return Failure.CONNECTION;
            }
            switch (state) {
                case "57P01": // admin_shutdown
                case "57P02": // crash_shutdown
                case "57P03": // cannot_connect_now (starting up, shutting down, in recovery)
                    return Failure.CONNECTION;
                case "25006": // read_only_sql_transaction
                    return Failure.READ_ONLY;
                default:
                    break;
            }
        }
        int code = e.getErrorCode();
        if (code == MYSQL_OFFLINE_MODE) {
            return Failure.CONNECTION;
        }
        if (code == MYSQL_READ_ONLY || code == MYSQL_READ_ONLY_MODE) {
            return Failure.READ_ONLY;
        }
        return Failure.STATEMENT;
    }
}
