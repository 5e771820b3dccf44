package io.protection.orders.store;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** The stores. */
@ApplicationScoped
public class StoreRepository implements PanacheRepositoryBase<Store, UUID> {
}
