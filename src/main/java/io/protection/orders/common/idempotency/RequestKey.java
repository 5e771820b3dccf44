package io.protection.orders.common.idempotency;

import jakarta.enterprise.context.RequestScoped;

/**
 * The {@code Idempotency-Key} of the current request, with what identifies the request besides its
 * body. Accessed through methods only: it is a request-scoped bean behind a client proxy.
 */
@RequestScoped
public class RequestKey {

    private String key;
    private String method;
    private String target;

    void set(String key, String method, String target) {
        this.key = key;
        this.method = method;
        this.target = target;
    }

    public String key() {
        return key;
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }
}
