package io.protection.orders.common;

import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/** HELP text for every {@code protection_*} metric, kept in one place; one set of tag keys per metric. */
public class MetricFilters {

    /** Prometheus's HELP text of each of the service's meters, by Micrometer name. */
    static final Map<String, String> HELP = Map.of(
            "protection.orders.created", "Orders created, by their status at creation",
            "protection.line_items.created", "Line items created, by type and status at creation",
            "protection.orders.released", "Orders released by the wait-period release job",
            "protection.release.lag.seconds", "Age of the oldest order whose wait period has ended but is still pending");

    @Produces
    @Singleton
    MeterFilter describeProtectionMeters() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String help = HELP.get(id.getName());
                if (help == null || (id.getDescription() != null && !id.getDescription().isBlank())) {
                    return id;
                }
                return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /**
     * The API's server tags its network meters ({@code http_server_bytes_read}, ...) with its port and the
     * management interface's server doesn't; Prometheus wants one set of tag keys per name, so whichever
     * server registered second failed while it bound its port (and a start could hang before "Listening
     * on"). Without the tag both servers count into one series.
     */
    @Produces
    @Singleton
    MeterFilter oneSetOfTagKeysForBothServers() {
        return MeterFilter.ignoreTags("server.port", "server_port");
    }
}
