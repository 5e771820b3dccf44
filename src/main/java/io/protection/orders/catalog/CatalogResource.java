package io.protection.orders.catalog;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.catalog.CatalogDtos.Offers;
import io.protection.orders.catalog.CatalogDtos.PlanList;
import io.protection.orders.catalog.CatalogDtos.PlanView;
import io.protection.orders.catalog.CatalogDtos.QuoteRequest;
import io.protection.orders.catalog.CatalogDtos.QuoteView;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.Violations;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.smallrye.mutiny.Uni;

/** Merchant API: plans, offers and shipping-protection quotes. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class CatalogResource {

    @Inject
    CatalogService catalog;

    @Inject
    CurrentTenant tenant;

    @Inject
    Idempotency idempotency;

    @GET
    @Path("plans")
    @Operation(summary = "List the active plans this store can sell")
    public Uni<PlanList> plans() {
        return catalog.listPlans(tenant.get().storeId()).map(PlanList::new);
    }

    @GET
    @Path("plans/{id}")
    @Operation(summary = "Get a plan")
    public Uni<PlanView> plan(@PathParam("id") String id) {
        return catalog.getPlan(tenant.get().storeId(), id);
    }

    @GET
    @Path("offers")
    @Operation(summary = "Plans eligible for a product", description = """
            A plan is offered when it is active, in the product's currency, covers the category (a plan without \
            categories, or a request without one, skips that test), and has a price band with \
            `minPrice <= purchasePrice <= maxPrice`. `price` is that band's price in minor units.""")
    public Uni<Offers> offers(@QueryParam("productId") String productId, @QueryParam("category") String category,
            @QueryParam("purchasePrice") String purchasePrice, @QueryParam("currency") String currency,
            @QueryParam("storeId") String storeId) {
        Tenant current = tenant.checkStore(storeId);
        Violations v = new Violations();
        String code = v.currency(currency, "currency");
        Long price = null;
        if (v.required(purchasePrice, "purchasePrice")) {
            price = parsePrice(purchasePrice);
            v.check(price != null, "purchasePrice", "must be a non-negative integer in minor units");
        }
        v.throwIfAny();
        long wanted = price;
        return catalog.catalog(current.storeId()).map(c -> new Offers(c.offers(category, wanted, code)));
    }

    @POST
    @Path("shipping-offers/quotes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Quote shipping protection", description = """
            The premium is the store's rate (basis points) of the covered value (sum of purchasePrice x quantity), \
            rounded up, and at least the store's minimum premium. A quote can be used by one order, before \
            `expiresAt`, on a `shipments` line whose `premium` equals the quote's.""")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QuoteView.class)))
    public Uni<Response> quote(QuoteRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Tenant current = tenant.checkStore(request.storeId());
        return idempotency.run(current.storeId().toString(), request, () -> catalog.quote(current, request)
                .map(q -> RestResponse.status(RestResponse.Status.CREATED, q)));
    }

    private static Long parsePrice(String text) {
        try {
            long value = Long.parseLong(text.trim());
            return value >= 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
