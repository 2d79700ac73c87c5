/** The jdbc:aurora: JDBC driver. */
package dev.aurorajdbc.driver;
