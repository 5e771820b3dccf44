package io.protection.orders.customer;

import java.net.URI;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.protection.orders.common.FormBody;
import io.protection.orders.common.ProblemException;
import io.protection.orders.common.PublicUrl;
import io.protection.orders.common.ProtectionConfig;
import io.protection.orders.common.RateLimits;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The customer's own contract page (HTML, no JavaScript): {@code GET /my/contracts/{token}} shows the
 * contract, and within the revocation period a form that {@code POST}s to
 * {@code /my/contracts/{token}/revocation}. The token is the only credential. A wrong or expired one
 * is a plain 404 page, counted like a failed authentication of the client's address; a known one
 * spends its contract's request budget, as an API key does. Every answer here is HTML, failures too.
 */
@Path("/my/contracts")
@Produces(MediaType.TEXT_HTML)
public class CustomerPageResource {

    private static final Logger LOG = Logger.getLogger(CustomerPageResource.class);
    private static final String NO_STORE = "no-store";

    @Inject
    CustomerPageService pages;

    @Inject
    RateLimits limits;

    @Inject
    ProtectionConfig config;

    @Location("customer/contract.html")
    Template contract;

    @Location("customer/notice.html")
    Template notice;

    @GET
    @Path("{token}")
    @Operation(hidden = true)
    public Uni<Response> show(@PathParam("token") String token, @QueryParam("lang") String lang,
            @CookieParam(FormToken.COOKIE) String formSecret, HttpServerRequest http) {
        String address = address(http);
        limits.checkFailures(address);
        return pages.find(token).map(found -> {
            if (found == null) {
                limits.failed(address);
                return notice(Notice.NOT_FOUND);
            }
            limits.page(found.contractId());
            ContractPage page = pages.page(found, token, pages.language(found, lang));
            return render(page, 200, token, formSecret, http);
        });
    }

    @POST
    @Path("{token}/revocation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revoke(@PathParam("token") String token, String body,
            @CookieParam(FormToken.COOKIE) String formSecret, HttpServerRequest http) {
        String address = address(http);
        limits.checkFailures(address);
        // Read as text (see FormBody); no browser sends a malformed form, so it is taken as an expired one.
        FormBody form;
        try {
            form = FormBody.parse(body);
        } catch (ProblemException malformed) {
            return Uni.createFrom().item(notice(Notice.FORM_EXPIRED));
        }
        String csrf = form.get(FormToken.FIELD);
        String confirm = form.get("confirm");
        String reason = form.get("reason");
        String lang = form.get("lang");
        return pages.find(token).chain(found -> {
            if (found == null) {
                limits.failed(address);
                return Uni.createFrom().item(notice(Notice.NOT_FOUND));
            }
            limits.page(found.contractId());
            if (!FormToken.matches(formSecret, CustomerLinks.hash(token), csrf)) {
                return Uni.createFrom().item(notice(Notice.FORM_EXPIRED));
            }
            String language = pages.language(found, lang);
            ContractPage page = pages.page(found, token, language);
            if (page.state().equals(ContractPage.REQUESTED)) {
                // Sent twice (a double click, a second tab): the first one counts.
                return Uni.createFrom().item(seeOther(token, language));
            }
            if (!page.revocable()) {
                return Uni.createFrom().item(render(page, 409, token, formSecret, http));
            }
            String error = confirm == null || confirm.isBlank() ? "confirm"
                    : reason != null && reason.trim().length() > CustomerPageService.MAX_REASON ? "reason" : null;
            if (error != null) {
                return Uni.createFrom().item(render(page.withForm(null, error, reason), 400, token, formSecret, http));
            }
            return pages.revoke(found, token, reason).map(done -> seeOther(token, language));
        });
    }

    /** Failures of this page are pages too: 429 with {@code Retry-After}, 404 as for a wrong token, else 500. */
    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return switch (e.status()) {
            case 429 -> {
                Response response = notice(Notice.TOO_MANY);
                if (e.retryAfterSeconds() != null) {
                    response.getHeaders().putSingle("Retry-After", String.valueOf(e.retryAfterSeconds()));
                }
                yield response;
            }
            case 404 -> notice(Notice.NOT_FOUND);
            case 503 -> notice(Notice.UNAVAILABLE);
            default -> {
                LOG.errorf("The customer page failed with %d %s: %s", e.status(), e.code(), e.getMessage());
                yield notice(Notice.FAILED);
            }
        };
    }

    @ServerExceptionMapper
    public Response composite(CompositeException e) {
        return e.getCause() instanceof ProblemException p ? problem(p) : unexpected(e.getCause());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("The customer page failed", e);
        return notice(Notice.FAILED);
    }

    /**
     * The page; with the form, its CSRF value under the browser's form secret (kept when it has a valid
     * one, so that two tabs of one link both work, else a new one in a cookie scoped to this link).
     */
    private Response render(ContractPage page, int status, String token, String formSecret, HttpServerRequest http) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", NO_STORE);
        ContractPage shown = page;
        if (page.revocable()) {
            String secret = FormToken.validSecret(formSecret) ? formSecret : FormToken.newSecret();
            shown = page.withForm(FormToken.field(secret, CustomerLinks.hash(token)), page.error(), page.reason());
            response.cookie(new NewCookie.Builder(FormToken.COOKIE).value(secret).path(CustomerLinks.PATH + token)
                    .httpOnly(true).secure(secure(http)).sameSite(NewCookie.SameSite.STRICT).maxAge(2 * 60 * 60).build());
        }
        return response.entity(contract.data("page", shown).setLocale(Locale.forLanguageTag(page.lang())).render())
                .build();
    }

    private Response notice(Notice shown) {
        return Response.status(shown.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", NO_STORE).entity(notice.data("notice", shown).render()).build();
    }

    /** Post/redirect/get: a reload of the page that follows does not send the form again. */
    private static Response seeOther(String token, String lang) {
        return Response.seeOther(URI.create(CustomerLinks.PATH + token + "?lang=" + lang))
                .header("Cache-Control", NO_STORE).build();
    }

    private boolean secure(HttpServerRequest http) {
        return http.isSSL() || PublicUrl.https(config.publicUrl());
    }

    private static String address(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
