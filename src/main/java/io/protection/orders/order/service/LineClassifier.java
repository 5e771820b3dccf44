package io.protection.orders.order.service;

import io.protection.orders.order.LineItemType;
import io.protection.orders.order.OrderInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import io.protection.orders.catalog.Catalog;
import io.protection.orders.catalog.Plan;
import io.protection.orders.catalog.ShippingQuote;
import io.protection.orders.contract.Lead;
import io.protection.orders.order.OrderInput.LineItem;
import io.protection.orders.order.OrderInput.Product;

/**
 * Decides each line's type, and whether its protection can be honoured, from a well-formed order
 * and a snapshot of what the store can sell. Pure: no I/O; the leads and quotes it uses are handed
 * in, and what it would consume of them is part of the result.
 */
public final class LineClassifier {

    private final UUID storeId;
    private final String currency;
    private final Catalog catalog;
    private final Map<String, Lead> leads;
    private final Map<String, ShippingQuote> quotes;
    private final Instant now;

    /** Units of each lead consumed by this order's lines so far. */
    private final Map<String, Integer> leadUnits = new HashMap<>();
    private final Set<String> usedQuotes = new HashSet<>();
    private final Set<String> leadProducts = new HashSet<>();

    public LineClassifier(UUID storeId, String currency, Catalog catalog, Map<String, Lead> leads,
            Map<String, ShippingQuote> quotes, Instant now) {
        this.storeId = storeId;
        this.currency = currency;
        this.catalog = catalog;
        this.leads = leads;
        this.quotes = quotes;
        this.now = now;
    }

    /**
     * A line's type, its failure reason if its protection can't be honoured, its product, and the
     * premium a shipping-protection line is charged (its own, or its quote's when it states none).
     */
    public record Decision(LineItemType type, String failureReason, Product product, Long premium) {

        public Decision(LineItemType type, String failureReason, Product product) {
            this(type, failureReason, product, null);
        }

        public boolean failed() {
            return failureReason != null;
        }
    }

    /** The result for a whole order: one decision per line, and the leads and quotes it consumes. */
    public record Result(List<Decision> decisions, Map<String, Integer> leadUnits, Set<String> usedQuotes) {
    }

    public Result classify(List<LineItem> lines) {
        return classify(lines, OrderInput.categoryProductIds(lines));
    }

    /** Classifies lines added to an order whose category contracts cover {@code categoryProducts}. */
    public Result classify(List<LineItem> lines, Set<String> categoryProducts) {
        List<Decision> decisions = new ArrayList<>(lines.size());
        for (LineItem line : lines) {
            decisions.add(decide(line, categoryProducts));
        }
        return new Result(decisions, Map.copyOf(leadUnits), Set.copyOf(usedQuotes));
    }

    private Decision decide(LineItem line, Set<String> categoryProducts) {
        if ("category_contract".equals(line.type())) {
            return categoryContract(line);
        }
        if (line.quoteId() != null) {
            ShippingQuote quote = quotes.get(line.quoteId());
            Long premium = line.premium() != null || quote == null ? line.premium() : Long.valueOf(quote.premium);
            return new Decision(LineItemType.SHIPMENTS, shipmentFailure(line, quote), line.product(), premium);
        }
        if (line.plan() != null) {
            return contract(line);
        }
        Product product = line.product();
        if (categoryProducts.contains(product.id())) {
            return new Decision(LineItemType.CATEGORY_PRODUCT, null, product);
        }
        if ("non_warrantable".equals(line.type())) {
            return new Decision(LineItemType.NON_WARRANTABLE, null, product);
        }
        boolean warrantable = catalog.warrantable(product.category(), product.purchasePrice(), currency);
        if (!warrantable) {
            return "lead".equals(line.type())
                    ? new Decision(LineItemType.LEAD, "product_not_warrantable", product)
                    : new Decision(LineItemType.NON_WARRANTABLE, null, product);
        }
        String failure = leadProducts.add(product.id()) ? null : "lead_duplicate";
        return new Decision(LineItemType.LEAD, failure, product);
    }

    private Decision contract(LineItem line) {
        int quantity = line.quantity() == null ? 1 : line.quantity();
        Product product = line.product();
        Lead lead = null;
        if (line.leadToken() != null) {
            lead = leads.get(line.leadToken());
            String leadFailure = leadFailure(lead, product, quantity);
            if (leadFailure != null) {
                return new Decision(LineItemType.CONTRACT, leadFailure, product != null ? product : leadProduct(lead));
            }
            if (product == null) {
                product = lead.product;
            }
        }
        String failure = planFailure(line, product.category(), product.purchasePrice());
        if (failure == null && lead != null) {
            leadUnits.merge(lead.token, quantity, Integer::sum);
        }
        return new Decision(LineItemType.CONTRACT, failure, product);
    }

    private static Product leadProduct(Lead lead) {
        return lead != null ? lead.product : null;
    }

    private String leadFailure(Lead lead, Product product, int quantity) {
        if (lead == null || !lead.storeId.equals(storeId)) {
            return "lead_not_found";
        }
        if (!now.isBefore(lead.expiresAt)) {
            return "lead_expired";
        }
        if (lead.remaining() - leadUnits.getOrDefault(lead.token, 0) < quantity) {
            return "lead_consumed";
        }
        if (!lead.currency.equals(currency)) {
            return "lead_currency_mismatch";
        }
        if (product != null && !product.id().equals(lead.productId)) {
            return "lead_product_mismatch";
        }
        return null;
    }

    private Decision categoryContract(LineItem line) {
        long combined = 0;
        String failure = null;
        Plan plan = catalog.plan(line.plan().id());
        for (Product product : line.products()) {
            // The validator has checked that the prices add up within a long.
            combined = Math.addExact(combined, product.purchasePrice());
            if (plan != null && !plan.covers(product.category())) {
                failure = "plan_not_eligible";
            }
        }
        String planFailure = planFailure(line, null, combined);
        return new Decision(LineItemType.CATEGORY_CONTRACT, planFailure != null ? planFailure : failure, null);
    }

    /**
     * Why the plan of a line can't be sold for a product of this category and purchase price, or
     * null when it can: it must exist, be active, be in the order's currency, be eligible, and be sold
     * at exactly the catalog price.
     */
    private String planFailure(LineItem line, String category, long purchasePrice) {
        Plan plan = catalog.plan(line.plan().id());
        if (plan == null) {
            return "plan_not_found";
        }
        if (!plan.active) {
            return "plan_inactive";
        }
        if (!plan.currency.equals(currency)) {
            return "plan_currency_mismatch";
        }
        OptionalLong price = plan.priceFor(category, purchasePrice, currency);
        if (price.isEmpty()) {
            return "plan_not_eligible";
        }
        return price.getAsLong() == line.plan().purchasePrice() ? null : "plan_price_mismatch";
    }

    private String shipmentFailure(LineItem line, ShippingQuote quote) {
        if (quote == null || !quote.storeId.equals(storeId)) {
            return "quote_not_found";
        }
        if (!now.isBefore(quote.expiresAt)) {
            return "quote_expired";
        }
        if (quote.orderId != null || usedQuotes.contains(line.quoteId())) {
            return "quote_already_used";
        }
        if (!quote.currency.equals(currency)) {
            return "quote_currency_mismatch";
        }
        if (line.premium() != null && line.premium() != quote.premium) {
            return "quote_premium_mismatch";
        }
        usedQuotes.add(line.quoteId());
        return null;
    }
}
