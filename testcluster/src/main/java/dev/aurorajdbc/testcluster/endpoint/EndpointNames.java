package dev.aurorajdbc.testcluster.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A cluster's endpoint names in Amazon Aurora's format: the cluster (writer) endpoint
 * {@code mydb.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com}, the reader endpoint {@code mydb.cluster-ro-...},
 * one endpoint per instance {@code <instance id>.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com} and custom endpoints
 * {@code <name>.cluster-custom-...}. The instance endpoint is the instance id (the test cluster's: the last octet of
 * the node's address) in front of the suffix, so that a driver deriving the instance host pattern from the cluster
 * endpoint ({@code ?.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com}) finds each instance by the id the metadata reports.
 *
 * @param cluster the cluster's name, the first label of its cluster and reader endpoints
 * @param suffix the account- and region-specific part shared by all its names, {@code c<12 characters>.<region>.rds.amazonaws.com}
 */
public record EndpointNames(String cluster, String suffix) {
    /** The region in the names; nothing here depends on it. */
    public static final String REGION = "us-east-1";
    private static final Pattern LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The names of the cluster {@code cluster} in the test cluster's address block {@code block}. */
    public static EndpointNames of(String cluster, int block) {
        // Aurora's cluster identifier suffix is 12 lowercase alphanumerics; this one is fixed per address block, so that
        // two clusters alive at once never share a name.
        String id = String.format(Locale.ROOT, "c%011x", 0x5eed_0000_000L + block);
        return new EndpointNames(cluster.toLowerCase(Locale.ROOT), id + "." + REGION + ".rds.amazonaws.com");
    }

    /** The cluster (writer) endpoint. */
    public String clusterEndpoint() {
        return cluster + ".cluster-" + suffix;
    }

    /** The reader endpoint. */
    public String readerEndpoint() {
        return cluster + ".cluster-ro-" + suffix;
    }

    /** The endpoint of the instance with this id. */
    public String instanceEndpoint(String instanceId) {
        return instanceId + "." + suffix;
    }

    /** The custom endpoint called {@code name}. */
    public String customEndpoint(String name) {
        return requireLabel(name) + ".cluster-custom-" + suffix;
    }

    /** The instance host pattern a driver derives from the cluster endpoint: {@code ?.<suffix>}. */
    public String instanceHostPattern() {
        return "?." + suffix;
    }

    /**
     * The wildcard names a node's TLS certificate carries so that every endpoint name verifies, as Aurora's
     * certificates do: instance endpoints ({@code *.<suffix>}), the cluster, reader and custom endpoints.
     */
    public List<String> certificateWildcards() {
        return List.of("*." + suffix, "*.cluster-" + suffix, "*.cluster-ro-" + suffix, "*.cluster-custom-" + suffix);
    }

    /**
     * A custom endpoint's name as Aurora accepts it: a DNS label of lowercase letters, digits and hyphens, starting with
     * a letter, at most 63 characters.
     */
    static String requireLabel(String name) {
        if (name == null || !LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("a custom endpoint's name is 1 to 63 lowercase letters, digits and"
                    + " hyphens, starting with a letter and not ending with a hyphen: '" + name + "'");
        }
        return name;
    }
}
