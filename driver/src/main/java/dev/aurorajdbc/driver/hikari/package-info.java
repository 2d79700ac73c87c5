/**
 * HikariCP integration: {@link dev.aurorajdbc.driver.hikari.AuroraSQLExceptionOverride}. HikariCP is an optional
 * dependency; nothing else in the driver loads this package.
 */
package dev.aurorajdbc.driver.hikari;
