package io.protection.orders.store;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Runs {@link AuthenticationTest} against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class AuthenticationIT extends AuthenticationTest {
}
