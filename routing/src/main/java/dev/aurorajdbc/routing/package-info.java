/** Routing policy for aurora-jdbc: hosts, topology snapshots, reader selection, host health. No JDBC here. */
package dev.aurorajdbc.routing;
