package io.protection.orders.order;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs {@link OrderSearchTest} against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class OrderSearchIT extends OrderSearchTest {
}
