package io.nightshift.store;

import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.statement.Query;

/**
 * The rows an incremental reader needs again: those with an id past the newest it has seen, and
 * the few it still holds open (a proposal awaiting review, a trial not finished). Everything else
 * it has read before cannot have changed.
 */
public record IdWindow(long afterId, Set<Long> open) {

    public IdWindow {
        open = Set.copyOf(open);
    }

    /** Every row, for a reader that has seen nothing yet. */
    public static IdWindow all() {
        return new IdWindow(0, Set.of());
    }

    /**
     * {@code select} (a query whose WHERE clause can take another {@code AND}) limited to the window,
     * ordered by {@code orderBy} (result column names). Two index lookups joined with UNION ALL, not
     * one OR: with an OR, H2 and PostgreSQL fall back to scanning all of the question's rows. The
     * two parts never overlap: open rows were seen, so their ids are at most {@code afterId}.
     */
    String sql(String select, String idColumn, String orderBy) {
        return sql(select, idColumn, idColumn, orderBy);
    }

    /**
     * As {@link #sql(String, String, String)} for a join, where the same id is two columns: the range
     * goes on the table that carries {@code question_id} (its {@code (question_id, id)} index), the
     * open ids on the joined table's own index, so that neither part scans the whole question.
     */
    String sql(String select, String rangeColumn, String lookupColumn, String orderBy) {
        String newer = select + " AND " + rangeColumn + " > :afterId";
        if (open.isEmpty()) {
            return newer + " ORDER BY " + orderBy;
        }
        return newer + " UNION ALL " + select + " AND " + lookupColumn + " IN (<open>) ORDER BY " + orderBy;
    }

    Query bind(Query query) {
        query.bind("afterId", afterId);
        if (!open.isEmpty()) {
            query.bindList("open", List.copyOf(open));
        }
        return query;
    }
}
