package io.protection.orders.common;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.protection.orders.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ManagementTest} against the packaged application, whose build has no Swagger UI. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class ManagementIT extends ManagementTest {

    @Test
    void productionHasNoSwaggerUi() {
        given().get(Management.url("swagger-ui/")).then().statusCode(404);
    }
}
