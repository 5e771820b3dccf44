package io.protection.orders.store;

import jakarta.enterprise.context.RequestScoped;

import io.protection.orders.common.ProblemException;

/** Holds the {@link Tenant} of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    public Tenant get() {
        if (tenant == null) {
            throw ProblemException.unauthorized("An API key is required");
        }
        return tenant;
    }

    /** The tenant, or null before authentication and on calls without a key (for the access log). */
    public Tenant orNull() {
        return tenant;
    }

    /** Checks a {@code storeId} named in a body or query against the key's store. */
    public Tenant checkStore(String storeId) {
        return get().checkStore(storeId);
    }
}
