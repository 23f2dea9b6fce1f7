package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pruning rule's view of the peers stays current while reading only what changed, on a real H2 file. */
class PeerCurvesTest {

    static final Instant NOW = Instant.parse("2026-12-01T22:00:00Z");

    @TempDir
    Path temp;

    Store store;
    Question question;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        question = store.questions().create("p", "q", "tpe", 10, 5, 1);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Trial running(double x) {
        Proposal p = store.proposals().create(question.id(), Map.of("x", x), "tpe", "", "");
        store.proposals().setStatus(p.id(), ProposalStatus.APPROVED, "ok");
        Trial t = store.trials().create(question.id(), p.id(), 1, 1);
        store.trials().markRunning(t.id(), "w", NOW);
        return t;
    }

    @Test
    void peersGrowAsTheyReportAndCountAsCompletedOnceTheyAre() {
        PeerCurves curves = new PeerCurves(store, question.id(), "loss");
        Trial judged = running(0.1);
        Trial peer = running(0.2);
        store.metrics().add(judged.id(), "loss", 1, 10, 0.9, NOW);
        store.metrics().add(peer.id(), "loss", 1, 10, 0.8, NOW);
        store.metrics().add(peer.id(), "accuracy", 1, 10, 0.1, NOW);

        PeerCurves.Peers first = curves.peersOf(judged.id());
        assertThat(first.all()).singleElement().isEqualTo(Map.of(1, 0.8));
        assertThat(first.completed()).isEmpty();

        // The open peer reports again and completes; a newer trial reports; epoch 0 (before training) is ignored.
        store.metrics().add(peer.id(), "loss", 2, 20, 0.6, NOW);
        store.trials().complete(peer.id(), 0.6, Map.of("loss", 0.6), NOW);
        Trial newer = running(0.3);
        store.metrics().add(newer.id(), "loss", 0, 0, 2.0, NOW);
        store.metrics().add(newer.id(), "loss", 1, 10, 0.7, NOW);

        PeerCurves.Peers second = curves.peersOf(judged.id());
        assertThat(second.all()).extracting(Map::copyOf).containsExactlyInAnyOrder(Map.of(1, 0.8, 2, 0.6), Map.of(1, 0.7));
        assertThat(second.completed()).singleElement().isEqualTo(Map.of(1, 0.8, 2, 0.6));
        assertThat(curves.peersOf(newer.id()).all()).extracting(Map::copyOf)
                .containsExactlyInAnyOrder(Map.of(1, 0.8, 2, 0.6), Map.of(1, 0.9));
    }
}
