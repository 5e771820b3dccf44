package io.protection.orders.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code PROTECTION_PUBLIC_URL}: optional, an absolute http(s) URL, and a malformed one stops the start in one line. */
class PublicUrlTest {

    @Test
    void anAbsoluteUrlIsTakenWithoutItsTrailingSlash() {
        assertEquals(Optional.of("https://protection.example.com"), PublicUrl.base(" https://protection.example.com/ "));
        assertEquals(Optional.of("http://127.0.0.1:8080/pages"), PublicUrl.base("http://127.0.0.1:8080/pages//"));
        assertEquals(Optional.empty(), PublicUrl.base(null));
        assertEquals(Optional.empty(), PublicUrl.base(" "));
        assertNull(RequiredSettings.publicUrlProblem(null));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] { "protection.example.com", "ftp://example.com", "https://example.com/?a=b",
                "https://example.com/#x", "https://exa mple.com" }) {
            assertThrows(IllegalArgumentException.class, () -> PublicUrl.base(bad), bad);
            assertTrue(RequiredSettings.publicUrlProblem(bad).startsWith("PROTECTION_PUBLIC_URL is"), bad);
        }
    }

    @Test
    void onlyAnHttpsUrlIsHttps() {
        assertTrue(PublicUrl.https(Optional.of(" HTTPS://protection.example.com")));
        assertEquals(false, PublicUrl.https(Optional.of("http://127.0.0.1:8080")));
        assertEquals(false, PublicUrl.https(Optional.empty()));
    }
}
