package io.protection.orders.catalog;

import java.math.BigDecimal;

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
import io.protection.orders.common.JsonConfig;
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
            Extend's offers shape: `{plans: {base: [...], recommended}}`. A plan is offered when it is active, in \
            the currency (default: the store's), covers the category (a plan without categories covers any; a \
            request without a category is offered only plans without categories), and has a price band with \
            `minPrice <= purchasePrice <= maxPrice` (`price` is accepted for `purchasePrice`); `price` is that \
            band's price in minor units. Without a purchase price, every band of each eligible plan is offered, \
            with its `minPrice` and `maxPrice`. Offers are sorted by term, shortest first. As in Extend's own \
            answers, `recommended` names the member of `plans` to show (`"base"`), or is null when nothing \
            is offered, and `adh` (accidental damage) is empty; each offer repeats its term as \
            `contract.termLength`.""")
    public Uni<Offers> offers(@QueryParam("productId") String productId, @QueryParam("category") String category,
            @QueryParam("purchasePrice") String purchasePrice, @QueryParam("price") String price,
            @QueryParam("currency") String currency, @QueryParam("storeId") String storeId) {
        Tenant current = tenant.checkStore(storeId);
        Violations v = new Violations();
        String code = currency == null || currency.isBlank() ? current.currency() : v.currency(currency, "currency");
        String priceText = purchasePrice != null && !purchasePrice.isBlank() ? purchasePrice : price;
        String priceField = purchasePrice != null && !purchasePrice.isBlank() ? "purchasePrice" : "price";
        Long wanted = null;
        if (priceText != null && !priceText.isBlank()) {
            wanted = parsePrice(priceText);
            v.check(wanted != null, priceField, "must be a non-negative integer in minor units");
        }
        v.throwIfAny();
        Long band = wanted;
        String wantedCategory = category == null || category.isBlank() ? null : category;
        return catalog.catalog(current.storeId()).map(c -> Offers.of(c.offers(wantedCategory, band, code)));
    }

    @POST
    @Path("shipping-offers/quotes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Quote shipping protection", description = """
            The premium is the store's rate (basis points) of the covered value (sum of purchasePrice x quantity), \
            rounded up, and at least the store's minimum premium. Items are named by `productId` or \
            `referenceId`; `currency` defaults to the store's. Answered 200 (Extend's clients check for it). A \
            quote can be used by one order, before `expiresAt`, on a `shipments` line whose `premium` is the \
            quote's or absent (then the quote's is charged).""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QuoteView.class)))
    public Uni<Response> quote(QuoteRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        Tenant current = tenant.checkStore(request.storeId());
        return idempotency.run(current.storeId().toString(), request, () -> catalog.quote(current, request)
                .map(RestResponse::ok));
    }

    private static Long parsePrice(String text) {
        BigDecimal value = JsonConfig.parseWholeNumber(text);
        try {
            return value != null && value.signum() >= 0 ? value.longValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
