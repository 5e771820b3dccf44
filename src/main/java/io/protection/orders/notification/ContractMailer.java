package io.protection.orders.notification;

import static io.protection.orders.notification.WebhookRepository.instant;
import static io.protection.orders.notification.WebhookRepository.stream;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.notification.OutboxRepository.Claimed;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The customer's email about their contracts: created (with how to claim and the right to revoke),
 * refunded or voided. One email per order change, listing every contract it concerns, in HTML and
 * plain text, in the customer's language where there is a template (German for {@code de*}, else
 * English).
 */
@ApplicationScoped
public class ContractMailer {

    /** How long after its start a contract may be revoked (Hakuna's guide, and EU consumer law). */
    static final int REVOCATION_DAYS = 14;

    @Inject
    ReactiveMailer mailer;

    @Inject
    Engine engine;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /** One contract as the email names it. */
    @TemplateData
    public record Line(String id, String plan, String product, String price, String termStart, String termEnd,
            String status) {
    }

    /** Sends the email of a claimed email delivery; fails when there is nobody to send it to. */
    public Uni<Void> send(Claimed delivery) {
        JsonNode data = read(delivery.data());
        List<UUID> ids = mapper.convertValue(data.get("contractIds"),
                mapper.getTypeFactory().constructCollectionType(List.class, UUID.class));
        return pool.preparedQuery("""
                select c.id, p.title as plan, c.products::text as products, c.purchase_price, c.currency,
                       c.term_start, c.term_end, c.status, o.customer::text as customer, s.name as store
                from contract c join orders o on o.id = c.order_id join store s on s.id = c.store_id
                left join plan p on p.id = c.plan_id
                where c.store_id = $1 and c.id = any($2) order by c.id""")
                .execute(Tuple.of(delivery.storeId(), ids.toArray(UUID[]::new)))
                .chain(rows -> {
                    List<Row> contracts = stream(rows).toList();
                    if (contracts.isEmpty()) {
                        return Uni.createFrom().failure(new IllegalStateException("its contracts are gone"));
                    }
                    JsonNode customer = read(contracts.get(0).getString("customer"));
                    String to = text(customer, "email");
                    if (to == null) {
                        return Uni.createFrom().failure(new IllegalStateException("the customer has no email address"));
                    }
                    String language = language(text(customer, "locale"));
                    Locale locale = Locale.forLanguageTag(language);
                    List<Line> lines = contracts.stream().map(row -> line(row, locale)).toList();
                    String kind = delivery.type().substring(delivery.type().indexOf('_') + 1);
                    Map<String, Object> model = Map.of("kind", kind, "name", orEmpty(text(customer, "name")),
                            "store", contracts.get(0).getString("store"), "contracts", lines,
                            "revocationDays", REVOCATION_DAYS);
                    String subject = subject(kind, language, lines.size());
                    Mail mail = Mail.withHtml(to, subject, template(language, "html").data(model).render())
                            .setText(template(language, "txt").data(model).render());
                    return mailer.send(mail);
                });
    }

    /** {@code de} for German-speaking customers, else {@code en}. */
    static String language(String locale) {
        return locale != null && locale.trim().toLowerCase(Locale.ROOT).startsWith("de") ? "de" : "en";
    }

    static String subject(String kind, String language, int count) {
        boolean de = language.equals("de");
        return switch (kind) {
            case "refunded" -> de ? "Ihr Produktschutz wurde erstattet" : "Your product protection was refunded";
            case "voided" -> de ? "Ihr Produktschutz wurde storniert" : "Your product protection was voided";
            default -> de ? (count == 1 ? "Ihr Produktschutz-Vertrag" : "Ihre " + count + " Produktschutz-Verträge")
                    : (count == 1 ? "Your product protection contract" : "Your " + count + " product protection contracts");
        };
    }

    private Template template(String language, String format) {
        return engine.getTemplate("emails/contracts_" + language + "." + format);
    }

    private Line line(Row row, Locale locale) {
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        JsonNode products = read(row.getString("products")).path("products");
        StringBuilder product = new StringBuilder();
        for (JsonNode p : products) {
            String name = text(p, "name") != null ? text(p, "name") : text(p, "title") != null ? text(p, "title")
                    : text(p, "id");
            product.append(product.length() > 0 ? ", " : "").append(name == null ? "" : name);
        }
        Currency currency = Currency.getInstance(row.getString("currency"));
        NumberFormat money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(currency);
        String price = money.format(BigDecimal.valueOf(row.getLong("purchase_price"),
                currency.getDefaultFractionDigits()));
        return new Line(row.getUUID("id").toString(), orEmpty(row.getString("plan")), product.toString(), price,
                dates.format(LocalDate.ofInstant(instant(row, "term_start"), ZoneOffset.UTC)),
                dates.format(LocalDate.ofInstant(instant(row, "term_end"), ZoneOffset.UTC)),
                row.getString("status").toLowerCase(Locale.ROOT));
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An outbox message is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
