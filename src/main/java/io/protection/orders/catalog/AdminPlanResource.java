package io.protection.orders.catalog;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.catalog.CatalogDtos.PlanRequest;
import io.protection.orders.catalog.CatalogDtos.PlanView;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.smallrye.mutiny.Uni;

/** Admin API: the plan catalog. */
@Path("/admin/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = "admin")
public class AdminPlanResource {

    @Inject
    CatalogService catalog;

    @Inject
    Idempotency idempotency;

    @PUT
    @Path("/{planId}")
    @Operation(summary = "Create or replace a plan", description = """
            201 when the plan is new, 200 when it replaced one. Price bands are in minor units, \
            inclusive at both ends, and must not overlap. A plan with `storeId` is offered to that store only; \
            `active: false` withdraws it from offers and makes new order lines naming it `contract_failed`.""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public Uni<Response> put(@PathParam("planId") String planId,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "TV plan",
                    value = """
                            {"title": "TV protection, 2 years", "termMonths": 24, "currency": "USD", "categories": ["tv"],
                             "priceBands": [{"minPrice": 0, "maxPrice": 49999, "price": 2999},
                                            {"minPrice": 50000, "maxPrice": 199999, "price": 5999}],
                             "active": true}"""))) PlanRequest request) {
        return idempotency.run(Idempotency.ADMIN, request, () -> catalog.putPlan(planId, request)
                .map(result -> RestResponse.status(result.getKey() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        result.getValue())));
    }
}
