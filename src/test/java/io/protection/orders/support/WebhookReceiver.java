package io.protection.orders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of webhooks on a loopback port, one per JVM (it outlives app restarts). It
 * records every request, and answers with the status its {@link #answer} chooses for the request's
 * number (from 1), or not at all when that is 0 (it waits until the caller gives up).
 */
public final class WebhookReceiver {

    /** One request as received. */
    public record Received(String id, String timestamp, String signature, String body) {
    }

    private static WebhookReceiver instance;

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator answer = n -> 200;

    private WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Webhook-Id"),
                    exchange.getRequestHeaders().getFirst("Webhook-Timestamp"),
                    exchange.getRequestHeaders().getFirst("Webhook-Signature"), body));
            int status = answer.applyAsInt(count.incrementAndGet());
            if (status == 0) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public static synchronized WebhookReceiver get() {
        if (instance == null) {
            instance = new WebhookReceiver();
        }
        return instance;
    }

    /** The URL of a path on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** Forgets what was received and answers 200 from now on. */
    public void reset() {
        received.clear();
        count.set(0);
        answer = n -> 200;
    }

    /** Chooses the status of the n-th request from now (0: no answer). */
    public void answer(IntUnaryOperator byRequestNumber) {
        count.set(0);
        answer = byRequestNumber;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The received requests whose body has this type. */
    public List<Received> ofType(String type) {
        return received().stream().filter(r -> r.body().contains("\"type\":\"" + type + "\"")).toList();
    }

    /** Requests by message id, to tell duplicates. */
    public Map<String, Long> countsById() {
        Map<String, Long> counts = new java.util.HashMap<>();
        received().forEach(r -> counts.merge(r.id(), 1L, Long::sum));
        return counts;
    }
}
