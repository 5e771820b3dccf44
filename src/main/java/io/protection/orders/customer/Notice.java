package io.protection.orders.customer;

import io.quarkus.qute.TemplateData;

/**
 * A page that is not a contract (not found, expired form, too many requests, failure), in English and
 * German at once: nothing about the link tells which language its customer reads.
 */
@TemplateData
public record Notice(int status, String titleEn, String textEn, String titleDe, String textDe) {

    /** Says nothing about whether the link ever existed, nor why it doesn't work. */
    static final Notice NOT_FOUND = new Notice(404, "Page not found",
            "This link does not lead to a contract. It may be mistyped or no longer valid.",
            "Seite nicht gefunden",
            "Dieser Link führt zu keinem Vertrag. Er ist vielleicht falsch geschrieben oder nicht mehr gültig.");

    static final Notice FORM_EXPIRED = new Notice(403, "This form has expired",
            "Open your contract page again from the link in your email and send the form once more. "
                    + "Your browser must accept cookies from this page.",
            "Dieses Formular ist abgelaufen",
            "Öffnen Sie Ihre Vertragsseite erneut über den Link in Ihrer E-Mail und senden Sie das Formular noch "
                    + "einmal. Ihr Browser muss Cookies dieser Seite annehmen.");

    static final Notice TOO_MANY = new Notice(429, "Too many requests",
            "Please wait a moment, then try again.",
            "Zu viele Anfragen",
            "Bitte warten Sie einen Moment und versuchen Sie es dann erneut.");

    static final Notice FAILED = new Notice(500, "Something went wrong",
            "The page could not be shown. Please try again in a few minutes.",
            "Etwas ist schiefgelaufen",
            "Die Seite konnte nicht angezeigt werden. Bitte versuchen Sie es in einigen Minuten erneut.");

    static final Notice UNAVAILABLE = new Notice(503, "Temporarily unavailable",
            "Please try again in a few minutes.",
            "Vorübergehend nicht erreichbar",
            "Bitte versuchen Sie es in einigen Minuten erneut.");
}
