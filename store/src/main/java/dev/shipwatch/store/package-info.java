/**
 * Probe runs and their daily rollups: the domain records every module shares, the
 * {@link dev.shipwatch.store.RunStore} interface and its JDBC implementation behind
 * {@link dev.shipwatch.store.Database#open}, which pools connections to H2 (embedded, the
 * default) or PostgreSQL (several nodes) and migrates the schema with Flyway, Quartz's job-store
 * tables included.
 */
package dev.shipwatch.store;
