package io.protection.orders.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.protection.orders.customer.CustomerLinkRepository.Linked;

/** The page's rules without I/O: what the customer can do when, the form token, tokens and texts. */
class ContractPageStatesTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aLiveContractIsRevocableUntilTheLastInstantOfItsPeriod() {
        Linked live = contract("LIVE", null, Duration.ofDays(14));
        assertEquals(START.plus(Duration.ofDays(14)), ContractPage.deadline(live));
        assertEquals(ContractPage.REVOCABLE, ContractPage.state(live, START));
        assertEquals(ContractPage.REVOCABLE, ContractPage.state(live, START.plus(Duration.ofDays(14))));
        assertEquals(ContractPage.PERIOD_OVER, ContractPage.state(live, START.plus(Duration.ofDays(14)).plusSeconds(1)));
        assertEquals(ContractPage.PERIOD_OVER, ContractPage.state(contract("LIVE", null, Duration.ZERO), START.plusSeconds(1)));
    }

    @Test
    void anOpenRevocationOrARefundOrAnEndLeavesNothingToRevoke() {
        assertEquals(ContractPage.REQUESTED, ContractPage.state(contract("LIVE", "open", Duration.ofDays(14)), START));
        assertEquals(ContractPage.REQUESTED,
                ContractPage.state(contract("LIVE", "open", Duration.ofDays(14)), START.plus(Duration.ofDays(30))));
        assertEquals(ContractPage.REVOKED, ContractPage.state(contract("REFUNDED", "closed", Duration.ofDays(14)), START));
        assertEquals(ContractPage.REFUNDED, ContractPage.state(contract("REFUNDED", null, Duration.ofDays(14)), START));
        assertEquals(ContractPage.ENDED, ContractPage.state(contract("VOIDED", null, Duration.ofDays(14)), START));
        assertEquals(ContractPage.ENDED, ContractPage.state(contract("CANCELED", "open", Duration.ofDays(14)), START));
    }

    @Test
    void theFormValueBelongsToOneBrowserSecretAndOneLink() {
        String secret = FormToken.newSecret();
        String link = CustomerLinks.hash(CustomerLinks.newToken());
        String value = FormToken.field(secret, link);
        assertTrue(FormToken.matches(secret, link, value));
        assertFalse(FormToken.matches(FormToken.newSecret(), link, value), "another browser's secret");
        assertFalse(FormToken.matches(secret, CustomerLinks.hash(CustomerLinks.newToken()), value), "another link");
        assertFalse(FormToken.matches(secret, link, null));
        assertFalse(FormToken.matches(null, link, value));
        assertFalse(FormToken.matches("not a secret", link, value));
    }

    @Test
    void tokensAre256RandomBitsAndOnlyTokensAreLookedUp() {
        String token = CustomerLinks.newToken();
        assertEquals(43, token.length());
        assertTrue(CustomerLinks.wellFormed(token));
        assertNotEquals(token, CustomerLinks.newToken());
        assertEquals(64, CustomerLinks.hash(token).length());
        assertFalse(CustomerLinks.wellFormed(token.substring(1)));
        assertFalse(CustomerLinks.wellFormed(token.substring(1) + "%"));
        assertFalse(CustomerLinks.wellFormed(null));
    }

    @Test
    void languagesDatesAndMoney() {
        assertEquals("de", CustomerText.language("de-DE"));
        assertEquals("de", CustomerText.language(" DE_at "));
        assertEquals("en", CustomerText.language("fr-FR"));
        assertEquals("en", CustomerText.language(null));
        assertEquals("de", CustomerText.requested("DE"));
        assertEquals(null, CustomerText.requested("fr"));
        assertEquals(null, CustomerText.requested(null));
        assertEquals("March 1, 2026", CustomerText.date(START, Locale.ENGLISH));
        assertEquals("1. März 2026", CustomerText.date(START, Locale.GERMAN));
        assertEquals("$49.99", CustomerText.money(4_999, "USD", Locale.forLanguageTag("en")));
        assertEquals("¥500", CustomerText.money(500, "JPY", Locale.forLanguageTag("en")));
    }

    static Linked contract(String status, String revocation, Duration period) {
        return new Linked(UUID.randomUUID(), UUID.randomUUID(), "PRODUCT_PROTECTION", status, START,
                START.plus(Duration.ofDays(730)), 4_999, "USD", "{\"products\":[]}", "Plan", "Shop",
                period.toSeconds(), "{}", revocation, revocation == null ? null : START);
    }
}
