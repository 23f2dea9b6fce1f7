package io.nightshift.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Requests to stop the running controllers ({@code nightshift stop}). A controller notes the newest request id
 * when it starts and stops at any later one, so a request is seen by every controller running when it was made
 * and by none started after it.
 */
public final class StopRequestRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    /** A request: who made it, and whether running trials are to be cancelled rather than finished. */
    public record StopRequest(long id, String requestedBy, boolean cancelRunning, Instant requestedAt) {}

    StopRequestRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public StopRequest request(String by, boolean cancelRunning) {
        Objects.requireNonNull(by, "by");
        Instant now = clock.instant();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO stop_request (requested_by, cancel_running, requested_at)
                        VALUES (:by, :cancel, :at)""")
                .bind("by", by)
                .bind("cancel", cancelRunning)
                .bind("at", Timestamps.bind(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        return new StopRequest(id, by, cancelRunning, now);
    }

    /** The newest request's id; 0 when there is none. */
    public long newestId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM stop_request")
                .mapTo(Long.class).one());
    }

    /** The first request made after {@code id}, if any. */
    public Optional<StopRequest> after(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM stop_request WHERE id > :id ORDER BY id FETCH FIRST 1 ROW ONLY""")
                .bind("id", id)
                .map((rs, ctx) -> new StopRequest(rs.getLong("id"), rs.getString("requested_by"),
                        rs.getBoolean("cancel_running"), Timestamps.read(rs, "requested_at")))
                .findOne());
    }
}
