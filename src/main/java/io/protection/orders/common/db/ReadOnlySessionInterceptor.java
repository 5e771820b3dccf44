package io.protection.orders.common.db;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * See {@link ReadOnlySession}. The session is the context's, as with {@code @WithSession}. Inside a
 * transaction it is left as it is; otherwise, once the reads are done, it is cleared and set back to
 * the defaults, so that nothing loaded read-only can swallow a later change in the same session.
 */
@ReadOnlySession
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class ReadOnlySessionInterceptor {

    @AroundInvoke
    Object around(InvocationContext context) {
        if (!Uni.class.isAssignableFrom(context.getMethod().getReturnType())) {
            throw new IllegalStateException("@ReadOnlySession needs a method returning Uni: " + context.getMethod());
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
            if (session.currentTransaction() != null) {
                return proceed(context);
            }
            session.setDefaultReadOnly(true).setFlushMode(FlushMode.MANUAL);
            return proceed(context).eventually(() -> reset(session));
        }));
    }

    private static void reset(Mutiny.Session session) {
        if (session.isOpen()) {
            session.clear().setDefaultReadOnly(false).setFlushMode(FlushMode.AUTO);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Uni<T> proceed(InvocationContext context) {
        try {
            return (Uni<T>) context.proceed();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }
}
