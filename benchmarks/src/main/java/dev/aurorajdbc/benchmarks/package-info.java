/** JMH benchmarks, the failover harness and the demo. */
package dev.aurorajdbc.benchmarks;
