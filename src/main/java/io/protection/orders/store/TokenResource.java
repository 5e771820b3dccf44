package io.protection.orders.store;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.protection.orders.common.FormBody;
import io.protection.orders.store.StoreService.TokenView;
import io.smallrye.mutiny.Uni;

/**
 * Extend's client-credentials flow: an API key's id and secret exchanged for an access token that
 * works wherever the key does, until it expires or the key is revoked.
 */
@Path(TokenResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
@SecurityRequirements
public class TokenResource {

    static final String PATH = "/auth/oauth/token";

    private static final String DESCRIPTION = """
            OAuth 2.0 client credentials (RFC 6749, section 4.4), as JSON or as a form: `client_id` is the API \
            key's id, `client_secret` the key. Answers `{access_token, token_type: "Bearer", expires_in}` \
            (seconds; `PROTECTION_ACCESS_TOKEN_TTL`, default 3 hours). Send the token in \
            `X-Extend-Access-Token` or as a bearer token. Wrong credentials are 401 `invalid_client`; a \
            `grant_type` other than `client_credentials` is 400 `unsupported_grant_type`.""";

    @Inject
    StoreService stores;

    /** The token request, in OAuth's field names. */
    public record TokenRequest(@JsonProperty("grant_type") String grantType, @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get an access token", description = DESCRIPTION)
    public Uni<TokenView> json(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
            name = "client credentials", value = """
                    {"grant_type": "client_credentials", "client_id": "0193b6a2-4f1e-7c3a-9d2b-5e8f7a6c1d40",
                     "client_secret": "sk_..."}"""))) TokenRequest request) {
        return stores.issueToken(request);
    }

    /** The form is read as text and decoded by {@link FormBody} (why: there). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Get an access token (form)", description = DESCRIPTION)
    public Uni<TokenView> form(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = TokenRequest.class))) String body) {
        FormBody form = FormBody.parse(body);
        return stores.issueToken(new TokenRequest(form.get("grant_type"), form.get("client_id"), form.get("client_secret")));
    }
}
