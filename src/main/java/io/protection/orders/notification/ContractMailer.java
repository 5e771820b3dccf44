package io.protection.orders.notification;

import static io.protection.orders.common.db.Rows.instant;
import static io.protection.orders.notification.WebhookRepository.stream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.protection.orders.customer.CustomerLinks;
import io.protection.orders.customer.CustomerText;
import io.protection.orders.notification.OutboxRepository.Claimed;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The customer's email about their contracts: created (with how to claim and the right to revoke),
 * refunded or voided, each contract with a new link to its page ({@code customer} package). One email per order change, listing every contract it concerns, in HTML and
 * plain text, in the customer's language where there is a template (German for {@code de*}, else
 * English).
 */
@ApplicationScoped
public class ContractMailer {

    @Inject
    ReactiveMailer mailer;

    @Inject
    Engine engine;

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    CustomerLinks links;

    /** One contract as the email names it, with the link to its page on the customer's site (or null). */
    @TemplateData
    public record Line(String id, String plan, String product, String price, String termStart, String termEnd,
            String status, String link) {
    }

    /** Sends the email of a claimed email delivery; fails when there is nobody to send it to. */
    public Uni<Void> send(Claimed delivery) {
        JsonNode data = read(delivery.data());
        List<UUID> ids = mapper.convertValue(data.get("contractIds"),
                mapper.getTypeFactory().constructCollectionType(List.class, UUID.class));
        return outbox.contractsToEmail(delivery.storeId(), ids)
                .chain(rows -> {
                    List<Row> contracts = rows;
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
                    String kind = delivery.type().substring(delivery.type().indexOf('_') + 1);
                    long revocationDays = contracts.get(0).getLong("revocation_period_seconds") / 86_400;
                    List<CustomerLinks.Target> targets = contracts.stream()
                            .map(row -> new CustomerLinks.Target(row.getUUID("id"), instant(row, "term_end"))).toList();
                    return links.issue(delivery.storeId(), contracts.get(0).getString("customer_email"), targets)
                            .chain(urls -> {
                                List<Line> lines = contracts.stream()
                                        .map(row -> line(row, locale, urls.get(row.getUUID("id")))).toList();
                                Map<String, Object> model = Map.of("kind", kind, "name", orEmpty(text(customer, "name")),
                                        "store", contracts.get(0).getString("store"), "contracts", lines,
                                        "revocationDays", revocationDays, "linked", !urls.isEmpty());
                                String subject = subject(kind, language, lines.size());
                                Mail mail = Mail.withHtml(to, subject, template(language, "html").data(model).render())
                                        .setText(template(language, "txt").data(model).render());
                                return mailer.send(mail);
                            });
                });
    }

    /** {@code de} for German-speaking customers, else {@code en}. */
    static String language(String locale) {
        return CustomerText.language(locale);
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

    private Line line(Row row, Locale locale, String link) {
        String product = String.join(", ", CustomerText.productNames(read(row.getString("products")).path("products")));
        return new Line(row.getUUID("id").toString(), orEmpty(row.getString("plan")), product,
                CustomerText.money(row.getLong("purchase_price"), row.getString("currency"), locale),
                CustomerText.date(instant(row, "term_start"), locale), CustomerText.date(instant(row, "term_end"), locale),
                row.getString("status").toLowerCase(Locale.ROOT), link);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An outbox message is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        return CustomerText.text(node, field);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
