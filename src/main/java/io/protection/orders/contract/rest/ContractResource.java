package io.protection.orders.contract.rest;

import io.protection.orders.common.db.ReadOnlySession;
import io.protection.orders.order.service.RefundService;
import io.protection.orders.contract.ContractRepository;
import io.protection.orders.contract.ContractView;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.protection.orders.common.Cursor;
import io.protection.orders.common.Ids;
import io.protection.orders.common.idempotency.Idempotency;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import io.protection.orders.common.ProblemException;
import io.protection.orders.order.service.RefundService.RefundRequest;
import io.protection.orders.order.service.RefundService.RefundView;
import io.protection.orders.store.CurrentTenant;
import io.protection.orders.store.Tenant;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Merchant API: contracts and refunds. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contracts")
public class ContractResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    ContractRepository contracts;

    @Inject
    RefundService refunds;

    @Inject
    Idempotency idempotency;

    @GET
    @Path("contracts/{id}")
    @Operation(summary = "Get a contract")
    public Uni<ContractView> get(@PathParam("id") String id) {
        return find(tenant.get(), Ids.pathId(id, "contract"));
    }

    @POST
    @Path("contracts/{id}/cancel")
    @Operation(summary = "Cancel a contract (refund it)", description = """
            WooCommerce's way to refund one contract: the same as `POST /refunds {contractId}` (same window and \
            rules, 422 when it can't be refunded), answered with the contract, now `refunded`. A body is not \
            needed. Honours `If-Match`.""")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContractView.class)))
    public Uni<Response> cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        Tenant current = tenant.get();
        RefundRequest request = new RefundRequest(id, null, null, null, null, "contract canceled");
        return idempotency.run(current.storeId().toString(), request, () -> refunds.refund(current, request, ifMatch)
                .chain(refund -> find(current, Ids.pathId(id, "contract")))
                .map(RestResponse::ok));
    }

    private Uni<ContractView> find(Tenant tenant, UUID contractId) {
        return Panache.withSession(() -> contracts.findInStore(tenant.storeId(), contractId))
                .map(contract -> {
                    if (contract == null) {
                        throw ProblemException.notFound("contract " + contractId);
                    }
                    return ContractView.of(contract);
                });
    }

    @GET
    @Path("contracts/search")
    @ReadOnlySession
    @Operation(summary = "Search contracts", description = "By `orderId` and/or the order's `transactionId`; newest first, paginated like orders.")
    public Uni<ContractView.Page> search(@QueryParam("orderId") String orderId,
            @QueryParam("transactionId") String transactionId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Tenant current = tenant.get();
        int size = Cursor.limit(limit);
        UUID after = Cursor.decode(cursor);
        UUID order = orderId == null || orderId.isBlank() ? null : Ids.parseOrNull(orderId.trim());
        if (orderId != null && !orderId.isBlank() && order == null) {
            return Uni.createFrom().item(new ContractView.Page(List.of(), null));
        }
        String txn = transactionId == null || transactionId.isBlank() ? null : transactionId.trim();
        return contracts.search(current.storeId(), order, txn, after, size + 1).map(found -> {
            var contracts = found.stream().limit(size).map(ContractView::of).toList();
            String next = found.size() > size ? Cursor.encode(contracts.get(contracts.size() - 1).id()) : null;
            return new ContractView.Page(contracts, next);
        });
    }

    @GET
    @Path("refunds")
    @Operation(summary = "Quote a refund", description = """
            `?contractId=`, or `?lineItemId=&quantity=` (default: every refundable unit), or \
            `?lineItemTransactionId=` (with `transactionId`, or alone when one order of the store has it). \
            Changes nothing. `refundAmounts.customer` is what the customer would get back. `refundable: false` \
            comes with `reason`, the code the refund would fail with (`refund_window_expired`, `not_refundable`, \
            `quantity_exceeded`, `invalid_transition`), and an amount of 0.""")
    public Uni<RefundView> quote(@QueryParam("contractId") String contractId, @QueryParam("lineItemId") String lineItemId,
            @QueryParam("transactionId") String transactionId,
            @QueryParam("lineItemTransactionId") String lineItemTransactionId, @QueryParam("quantity") Integer quantity) {
        return refunds.quote(tenant.get(),
                new RefundRequest(contractId, lineItemId, transactionId, lineItemTransactionId, quantity, null));
    }

    @POST
    @Path("refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund", description = """
            Refunds a contract (`contractId`), or `quantity` units of a line (default: every refundable unit) \
            named by `lineItemId` or `lineItemTransactionId` (with `transactionId`, or alone when one order of \
            the store has it, else 409 `ambiguous_line_item`); the newest fulfilled units first. Each unit must \
            be within the store's refund window of its own fulfillment (else 422 `refund_window_expired`); \
            shipping protection is not refundable once a covered product has shipped (422 `not_refundable`). \
            The refunded units' contracts become `refunded`. `?quote=true` or `?commit=false` only quotes \
            (200). Honours `If-Match`.""")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefundView.class)))
    public Uni<Response> refund(@QueryParam("quote") boolean quoteOnly, @QueryParam("commit") String commit,
            @HeaderParam("If-Match") String ifMatch, RefundRequest request) {
        Tenant current = tenant.get();
        // Only an explicit commit=false quotes: SFCC sends commit=undefined (or null) and means a refund.
        if (quoteOnly || "false".equalsIgnoreCase(commit == null ? null : commit.trim())) {
            return idempotency.run(current.storeId().toString(), request,
                    () -> refunds.quote(current, request).map(RestResponse::ok));
        }
        return idempotency.run(current.storeId().toString(), request, () -> refunds.refund(current, request, ifMatch)
                .map(view -> RestResponse.status(RestResponse.Status.CREATED, view)));
    }
}
