package io.protection.orders.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.protection.orders.client.api.AdminApi;
import io.protection.orders.client.api.ContractsApi;
import io.protection.orders.client.api.LineItemsApi;
import io.protection.orders.client.api.OrdersApi;
import io.protection.orders.client.model.ContractView;
import io.protection.orders.client.model.CreateStore;
import io.protection.orders.client.model.Customer;
import io.protection.orders.client.model.FulfillRequest;
import io.protection.orders.client.model.LineItem;
import io.protection.orders.client.model.LineItemView;
import io.protection.orders.client.model.Order;
import io.protection.orders.client.model.OrderView;
import io.protection.orders.client.model.PlanRef;
import io.protection.orders.client.model.PlanRequest;
import io.protection.orders.client.model.PriceBand;
import io.protection.orders.client.model.Product;
import io.protection.orders.client.model.RefundView;
import io.protection.orders.client.model.StoreView;
import io.protection.orders.support.Api;
import io.protection.orders.support.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * A client generated at build time from the OpenAPI document the build wrote (target/openapi), against
 * the packaged service: create a store and a plan, create an order, fulfill its protected line, read
 * the contract, quote a refund. It fails when the document can't be generated from, or when what it
 * describes is not what the service answers.
 */
@QuarkusIntegrationTest
@WithTestResource(EmbeddedPostgresResource.class)
class GeneratedClientIT {

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void createFulfillAndQuoteARefundThroughTheGeneratedClient() throws ApiException {
        AdminApi admin = new AdminApi(client(Api.ADMIN_TOKEN));
        StoreView store = admin.createStore(new CreateStore().name("Generated client store").refundWindow("P30D"));
        assertNotNull(store.getApiKey());
        String planId = "gen-tv-" + UUID.randomUUID().toString().substring(0, 8);
        admin.putPlan(planId, new PlanRequest().title("TV protection, 24 months").termMonths(24).currency("USD")
                .categories(List.of("tv")).priceBands(List.of(new PriceBand().minPrice(10_000L).maxPrice(100_000L)
                        .price(5_999L)))
                .active(true).storeId(store.getId()));

        ApiClient merchant = client(store.getApiKey());
        OrderView created = new OrdersApi(merchant).createOrder(new Order().transactionId("gen-1001").currency("USD")
                .customer(new Customer().name("Ada Lovelace").email("ada@example.com")).total(65_998L)
                .lineItems(List.of(new LineItem().lineItemTransactionId("1")
                        .product(new Product().id("tv-55").category("tv").purchasePrice(59_999L))
                        .plan(new PlanRef().id(planId).purchasePrice(5_999L)))));
        assertEquals("open", created.getStatus());
        LineItemView line = created.getLineItems().get(0);
        assertEquals("contract", line.getType());

        OrderView fulfilled = new LineItemsApi(merchant).fulfillLineItem(
                new FulfillRequest().lineItemId(line.getId().toString()).quantity(1), null, null);
        LineItemView shipped = fulfilled.getLineItems().get(0);
        assertEquals("fulfilled", shipped.getStatus());
        assertEquals(1, shipped.getContractIds().size());

        ContractsApi contracts = new ContractsApi(merchant);
        ContractView contract = contracts.getContract(shipped.getContractIds().get(0).toString());
        assertEquals("live", contract.getStatus());
        assertEquals(planId, contract.getPlanId());

        RefundView quote = contracts.quoteRefund(contract.getId().toString(), null, null, null, null);
        assertTrue(quote.getRefundable());
        assertEquals(5_999L, quote.getAmount());
        assertEquals("USD", quote.getCurrency());
    }
}
