package io.protection.orders.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A plan's price for products whose purchase price lies in {@code [minPrice, maxPrice]} (minor units). */
@RegisterForReflection
public record PriceBand(Long minPrice, Long maxPrice, Long price) {

    public boolean contains(long purchasePrice) {
        return minPrice <= purchasePrice && purchasePrice <= maxPrice;
    }
}
