package io.protection.orders.common;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's description: authentication, conventions and the problem codes. */
@OpenAPIDefinition(info = @Info(title = "Protection Orders API", version = "1", description = ApiDefinition.DESCRIPTION),
        security = @SecurityRequirement(name = "apiKey"),
        tags = {
                @Tag(name = "Orders", description = "Create and read orders"),
                @Tag(name = "Line items", description = "Line items across orders"),
                @Tag(name = "Catalog", description = "Plans, offers and shipping-protection quotes"),
                @Tag(name = "Leads", description = "Leads created from warrantable products sold without a plan"),
                @Tag(name = "Contracts", description = "Contracts created on fulfillment, and refunds"),
                @Tag(name = "Admin", description = "Operator API: stores, API keys and the plan catalog"),
                @Tag(name = "Webhooks", description = "Signed notifications to the merchant, from the transactional outbox"),
                @Tag(name = "Revocations", description = "Customers' requests to revoke a protection"),
                @Tag(name = "Authentication", description = "Access tokens for Extend's client-credentials flow") })
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                apiKeyName = "X-Extend-Access-Token",
                description = "A store's API key; `Authorization: Bearer <key>` works too."),
        @SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "The operator's `PROTECTION_ADMIN_TOKEN`.") })
public class ApiDefinition extends Application {

    static final String DESCRIPTION = """
            Orders API for product protection. Merchants send their orders; protected line items become \
            warranty contracts, leads or shipping-protection contracts. Field names follow Extend's Orders API.

            **Conventions.** Money: integers in minor units (a fraction is refused). Currencies: ISO-4217, any \
            case. Instants: epoch seconds, epoch milliseconds (values from 10^11 up) or ISO-8601 on input; \
            ISO-8601 UTC on output. Durations: ISO-8601 (`P14D`) or whole seconds. Unknown fields are ignored. \
            A key sees only its own store: another store's resources are 404.

            **Extend's clients work unchanged.** Their habits are accepted in every body: a JSON number where \
            text is expected (an id) is its decimal text; a whole-number string (`"3"`, `"1.0000"`) where an \
            integer is expected is that integer; a shipment's `productIds` may be one comma-separated string, \
            and blank entries are dropped; identical lines repeated under one `lineItemTransactionId` (one per \
            unit) are one line with the summed quantity; a lead line without `lineItemTransactionId` gets \
            `lead-<leadToken>`; `status: "fulfilled"` without `fulfilledQuantity` is every unit; an upsert that \
            gives a shipping line its first shipment, stating no fulfillment, fulfills it. Anything else of the wrong type (a fraction in \
            minor units, an object for text, repeated lines that differ) is 400. `Accept: application/json; \
            version=<date|latest>` is accepted everywhere. Clients get an access token from \
            `POST /auth/oauth/token` (client credentials: the key's id and the key).

            **Retries.** Every POST, PUT and DELETE honours `Idempotency-Key` (or `X-Idempotency-Key`, at most \
            255 characters, per store, kept 24 hours): a retry of the same request gets the first response \
            again, byte for byte, with `Idempotent-Replayed: true`. A failed request stores nothing.

            **The customer's page** (HTML for people, not part of this API): every contract email links each \
            contract to `<PROTECTION_PUBLIC_URL>/my/contracts/{token}` (no link when `PROTECTION_PUBLIC_URL` is \
            not set). The token is 256 random bits, stored only as its SHA-256, and works until the contract's \
            term ends and while the order's customer email is the one it was sent to; anything else is a plain \
            404 page. The page shows the contract in English or German (the customer's `locale`, `?lang=en|de`) \
            and, within the store's `revocationPeriod` (default 14 days from the contract's start), a form that \
            records a revocation exactly as `POST /admin/contracts/{id}/revocations` does: the merchant gets \
            `protection.revocation_requested`, the order's history a `revocation_requested` entry by `customer`.

            **Errors** are `application/problem+json` (RFC 9457): `{type, title, status, detail, code, message, \
            errors: [{field, message}]}`; `message` repeats `detail` (Extend's clients log `{code, message}`).

            | status | code | when |
            |---|---|---|
            | 400 | `validation_failed` | malformed JSON, a wrong type, missing or invalid fields (all listed) |
            | 400 | `unsupported_grant_type` | `POST /auth/oauth/token` with a `grant_type` other than `client_credentials` |
            | 401 | `unauthorized` | no, unknown or revoked key, or an expired access token; wrong admin token |
            | 401 | `invalid_client` | `POST /auth/oauth/token` with an unknown `client_id` or a wrong `client_secret` |
            | 403 | `forbidden` | a `storeId` that is not the key's store |
            | 404 | `not_found` | unknown id, another store's, or an unknown route |
            | 405 | `method_not_allowed` | a method the resource doesn't offer |
            | 409 | `duplicate_transaction` | `transactionId` already used by the store (`orderId` names the order) |
            | 409 | `cancel_decline` | cancel after a unit was fulfilled, or of a canceled or voided order |
            | 409 | `quantity_exceeded` | fulfill, cancel or refund more units than are left |
            | 409 | `ambiguous_line_item` | a `lineItemTransactionId` alone names lines of several orders |
            | 409 | `idempotency_in_progress` | the first request with this `Idempotency-Key` is still running |
            | 409 | `invalid_transition` | any other change the status doesn't allow (e.g. anything on a voided order) |
            | 412 | `precondition_failed` | `If-Match` doesn't match the order's `ETag` |
            | 415 | `unsupported_media_type` | a body that is not `application/json` |
            | 422 | `refund_window_expired` | a refund later than the store's refund window after the unit's fulfillment |
            | 422 | `not_refundable` | shipping protection after a covered product shipped |
            | 422 | `idempotency_key_reused` | the `Idempotency-Key` was used for a different request |
            """;
}
