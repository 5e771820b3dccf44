package io.protection.orders.common.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A method returning {@code Uni} that only reads runs in a session whose entities are read-only and
 * which never flushes ({@link ReadOnlySessionInterceptor}): in place of {@code @WithSession}, for the
 * read use cases. Hibernate then keeps no snapshot of what it loads and checks none of it for changes
 * before each further query, work a read can't need.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadOnlySession {
}
