package io.protection.orders.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.protection.orders.customer.CustomerLinkRepository.Linked;
import io.quarkus.qute.TemplateData;

/**
 * What the customer's page shows of one contract, in one language, ready for the template.
 * {@code state} says what the customer can do: {@code revocable} (the form is shown), {@code requested}
 * (a revocation is open: the shop will refund), {@code revoked} (refunded after a revocation),
 * {@code refunded}, {@code period_over} (still in force, no longer revocable), {@code ended}
 * (canceled or voided).
 */
@TemplateData
public record ContractPage(String lang, String path, String contractNumber, String plan, boolean shipping,
        List<String> products, String price, String termStart, String termEnd, String store, String status,
        String state, String deadline, String requestedAt, String formToken, String error, String reason) {

    public static final String REVOCABLE = "revocable";
    public static final String REQUESTED = "requested";
    public static final String REVOKED = "revoked";
    public static final String REFUNDED = "refunded";
    public static final String PERIOD_OVER = "period_over";
    public static final String ENDED = "ended";

    /** The last instant at which the contract may be revoked: its start plus the store's revocation period. */
    public static Instant deadline(Linked contract) {
        return contract.termStart().plus(Duration.ofSeconds(contract.revocationPeriodSeconds()));
    }

    /** What the customer can do with the contract now. At exactly the deadline it can still be revoked. */
    public static String state(Linked contract, Instant now) {
        String status = contract.contractStatus().toUpperCase(Locale.ROOT);
        return switch (status) {
            case "LIVE" -> "open".equals(contract.revocationStatus()) ? REQUESTED
                    : now.isAfter(deadline(contract)) ? PERIOD_OVER : REVOCABLE;
            case "REFUNDED" -> "closed".equals(contract.revocationStatus()) ? REVOKED : REFUNDED;
            default -> ENDED;
        };
    }

    /** The same page with the form's value, an error to show on the form, and what the customer wrote. */
    public ContractPage withForm(String token, String message, String written) {
        return new ContractPage(lang, path, contractNumber, plan, shipping, products, price, termStart, termEnd, store,
                status, state, deadline, requestedAt, token, message, written);
    }

    public boolean revocable() {
        return REVOCABLE.equals(state);
    }

    /** The language the switch offers besides this one. */
    public String otherLang() {
        return lang.equals("de") ? "en" : "de";
    }
}
