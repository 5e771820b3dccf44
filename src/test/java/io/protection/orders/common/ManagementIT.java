package io.protection.orders.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.EmbeddedPostgresResource;
import io.protection.orders.support.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ManagementTest} against the packaged application, whose build has no Swagger UI. */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class ManagementIT extends ManagementTest {

    /** The packaged application runs here without PROTECTION_PUBLIC_URL: its document names no server at all. */
    @Override
    @Test
    void theDocumentNamesThePublicUrlAsItsServer() {
        given().get(Management.url("openapi?format=json")).then().statusCode(200).body("$", not(hasKey("servers")))
                .body("paths", hasKey("/orders"));
    }

    @Test
    void productionHasNoSwaggerUi() {
        given().get(Management.url("swagger-ui/")).then().statusCode(404);
    }
}
