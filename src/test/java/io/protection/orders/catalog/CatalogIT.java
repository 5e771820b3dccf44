package io.protection.orders.catalog;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs {@link CatalogTest} against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class CatalogIT extends CatalogTest {
}
