package io.protection.orders.common.db;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Closes Flyway's JDBC pool once the schema is migrated (Flyway runs before the application starts):
 * the service itself only talks to PostgreSQL through the reactive pool.
 */
public class MigrationPool {

    @Inject
    @DataSource("migration")
    AgroalDataSource migration;

    void closeAfterMigration(@Observes StartupEvent started) {
        migration.close();
    }
}
