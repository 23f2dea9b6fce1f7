package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** The controllers working on this database, and how many trials each can run at once. */
public final class NodeRepository {

    private final Jdbi jdbi;

    NodeRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Says that this controller is alive with so many worker slots (an update, or the first insert). */
    public void beat(String name, int slots, Instant at) {
        Objects.requireNonNull(name, "name");
        int updated = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE controller_node SET slots = :slots, seen_at = :at WHERE name = :name")
                .bind("slots", slots).bind("at", Timestamps.bind(at)).bind("name", name).execute());
        if (updated == 0) {
            try {
                DuplicateKeyException.translate(() -> jdbi.withHandle(h -> h.createUpdate(
                                "INSERT INTO controller_node (name, slots, seen_at) VALUES (:name, :slots, :at)")
                        .bind("slots", slots).bind("at", Timestamps.bind(at)).bind("name", name).execute()));
            } catch (DuplicateKeyException e) {
                beat(name, slots, at); // inserted by the same name a moment ago: update it
            }
        }
    }

    /** The slots of all controllers seen since {@code since}. */
    public int liveSlots(Instant since) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COALESCE(SUM(slots), 0) FROM controller_node WHERE seen_at >= :since")
                .bind("since", Timestamps.bind(since)).mapTo(Integer.class).one());
    }

    public void leave(String name) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM controller_node WHERE name = :name").bind("name", name).execute());
    }
}
