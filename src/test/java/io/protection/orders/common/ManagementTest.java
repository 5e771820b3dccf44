package io.protection.orders.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import org.junit.jupiter.api.Test;

import io.protection.orders.support.Management;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics and the OpenAPI document are on the management port; the API port serves only the API. */
@QuarkusTest
class ManagementTest {

    @Test
    void theManagementPortServesHealthMetricsAndTheDocument() {
        given().get(Management.url("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.url("health/live")).then().statusCode(200);
        given().get(Management.url("health/started")).then().statusCode(200);
        given().get(Management.url("metrics")).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(Management.url("openapi?format=json")).then().statusCode(200).body("paths", hasKey("/orders"));
    }

    @Test
    void theDocumentNamesThePublicUrlAsItsServer() {
        // The test profile's PROTECTION_PUBLIC_URL; the port the tests listen on is another.
        given().get(Management.url("openapi?format=json")).then().statusCode(200)
                .body("servers.url", contains("http://localhost:8081"));
    }

    @Test
    void theApiPortDoesNot() {
        for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            given().get(path).then().statusCode(404);
        }
    }
}
