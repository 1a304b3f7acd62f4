/**
 * HotZone's extension of the Apache Cassandra Java driver 4.19. It depends on the driver only, never on
 * server code. The load-balancing policy that routes hot-zone reads to pre-warmed replicas lives here.
 */
package io.hotzone.driver;
