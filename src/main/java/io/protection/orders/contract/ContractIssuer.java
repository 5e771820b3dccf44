package io.protection.orders.contract;

import java.util.LinkedHashSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.protection.orders.common.Ids;
import io.protection.orders.order.Fulfillment;
import io.protection.orders.order.LineItem;
import io.protection.orders.order.LineItemType;
import io.protection.orders.order.Order;
import io.protection.orders.order.OrderInput.Product;

/** Decides which contracts a fulfillment creates. Pure: the caller persists them. */
public final class ContractIssuer {

    private ContractIssuer() {
    }

    /**
     * The contracts for the units of {@code fulfillment}: one per unit still unrefunded on a
     * {@code contract} line; one for the whole line on a {@code category_contract} or {@code shipments}
     * line that has none yet; none otherwise.
     *
     * @param termMonths the plan's term, for plan lines
     * @param shippingTerm how long shipping protection lasts
     */
    public static List<Contract> issue(Order order, LineItem line, Fulfillment fulfillment, boolean lineHasContract,
            Integer termMonths, Duration shippingTerm, Instant now) {
        if (!line.protectedLine()) {
            return List.of();
        }
        List<Contract> contracts = new ArrayList<>();
        switch (line.type) {
            case CONTRACT -> {
                for (int unit = 0; unit < fulfillment.quantity - fulfillment.refundedQuantity; unit++) {
                    contracts.add(contract(order, line, fulfillment, Contract.Type.PRODUCT_PROTECTION,
                            List.of(line.product), line.planPurchasePrice, now,
                            Contract.termEnd(fulfillment.fulfilledAt, Objects.requireNonNull(termMonths))));
                }
            }
            case CATEGORY_CONTRACT -> {
                if (!lineHasContract) {
                    contracts.add(contract(order, line, fulfillment, Contract.Type.CATEGORY, line.details.products(),
                            line.planPurchasePrice, now,
                            Contract.termEnd(fulfillment.fulfilledAt, Objects.requireNonNull(termMonths))));
                }
            }
            case SHIPMENTS -> {
                if (!lineHasContract) {
                    contracts.add(contract(order, line, fulfillment, Contract.Type.SHIPPING_PROTECTION,
                            coveredProducts(order, line), line.premium, now, fulfillment.fulfilledAt.plus(shippingTerm)));
                }
            }
            default -> {
            }
        }
        return contracts;
    }

    /**
     * The products a shipping-protection line covers: those its shipments list, as the order describes
     * them; when they list none (NetSuite sends {@code productIds: [""]}), every product of the order.
     */
    static List<Product> coveredProducts(Order order, LineItem line) {
        Set<String> ids = new LinkedHashSet<>();
        if (line.details.shipmentInfo() != null) {
            line.details.shipmentInfo().stream().filter(s -> s.productIds() != null)
                    .forEach(s -> ids.addAll(s.productIds()));
        }
        if (ids.isEmpty()) {
            return order.lineItems.stream().filter(l -> l.type != LineItemType.SHIPMENTS && l.product != null)
                    .map(l -> l.product).toList();
        }
        List<Product> products = new ArrayList<>();
        for (String id : ids) {
            products.add(order.lineItems.stream().filter(l -> id.equals(l.productId)).map(l -> l.product).findFirst()
                    .orElse(new Product(id, null, null, null, null, null, null, null, null, null, null)));
        }
        return products;
    }

    private static Contract contract(Order order, LineItem line, Fulfillment fulfillment, Contract.Type type,
            List<Product> products, long price, Instant now, Instant termEnd) {
        Contract contract = new Contract();
        contract.id = Ids.next();
        contract.storeId = order.storeId;
        contract.orderId = order.id;
        contract.lineItemId = line.id;
        contract.fulfillmentId = fulfillment.id;
        contract.type = type;
        contract.planId = line.planId;
        contract.products = new Contract.Products(products);
        contract.purchasePrice = price;
        contract.currency = order.currency;
        contract.customer = order.customer;
        contract.termStart = fulfillment.fulfilledAt;
        contract.termEnd = termEnd;
        contract.status = Contract.Status.LIVE;
        contract.createdAt = now;
        contract.updatedAt = now;
        return contract;
    }
}
