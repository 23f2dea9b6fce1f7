package io.nightshift.agent.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.DesignCodec;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Decision;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A person's decisions on a real H2 file: whole or not at all, once, and edits checked against the space. */
class ReviewDeskTest {

    static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

    @TempDir
    Path temp;

    Store store;
    ReviewDesk desk;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        desk = new ReviewDesk(store, PluginRegistry.load(temp.resolve("no-plugins")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Question question(StudyDesign design) {
        return store.questions().create(new QuestionRepository.NewQuestion("tiny", "Does review work? " + System.nanoTime(),
                "random", 10, 60, 1, QuestionStatus.ACTIVE, design == null ? null : DesignCodec.write(design),
                QuestionOrigin.PERSON, "manual"));
    }

    private Proposal proposal(Question q, int width, double x) {
        return proposal(q, width, x, Placement.NONE);
    }

    private Proposal proposal(Question q, int width, double x, Placement placement) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("width", width);
        params.put("x", x);
        return store.proposals().create(q.id(), params, "tpe", "wide nets learn faster", "score above 0.5", placement);
    }

    @Test
    void approveAndRejectWriteTheStatusAndTheDecisionTogether() {
        Question q = question(null);
        Proposal a = proposal(q, 64, 0.5);
        Proposal b = proposal(q, 512, 0.5);

        ReviewDesk.Decided approved = desk.approve(a.id(), "alice", null);
        ReviewDesk.Decided rejected = desk.reject(b.id(), "bob", "  too wide for this machine  ");

        assertThat(approved).isEqualTo(new ReviewDesk.Decided(a.id(), Verdict.APPROVE, "alice", null));
        assertThat(rejected.reason()).isEqualTo("too wide for this machine");
        assertThat(store.proposals().find(a.id()).orElseThrow())
                .extracting(Proposal::status, Proposal::statusReason).containsExactly(ProposalStatus.APPROVED, "approved by alice");
        assertThat(store.proposals().find(b.id()).orElseThrow())
                .extracting(Proposal::status, Proposal::statusReason)
                .containsExactly(ProposalStatus.REJECTED, "too wide for this machine");
        assertThat(store.decisions().forProposal(a.id())).singleElement()
                .isEqualTo(new Decision(store.decisions().forProposal(a.id()).get(0).id(), a.id(), "alice", Verdict.APPROVE, null, NOW));
        assertThat(store.decisions().forProposal(b.id())).singleElement()
                .satisfies(d -> assertThat(d).extracting(Decision::actor, Decision::verdict, Decision::reason)
                        .containsExactly("bob", Verdict.REJECT, "too wide for this machine"));
    }

    @Test
    void aRejectionNeedsAReasonAndNothingIsWrittenWithout() {
        Proposal p = proposal(question(null), 64, 0.5);
        for (String reason : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> desk.reject(p.id(), "alice", reason)).isInstanceOf(ReviewException.class)
                    .hasMessageContaining("a rejection needs a reason (--reason TEXT)")
                    .satisfies(e -> assertThat(((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.INVALID));
        }
        assertThatThrownBy(() -> desk.approve(p.id(), " ", null)).hasMessageContaining("--actor");
        assertThat(store.proposals().find(p.id()).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(store.decisions().forProposal(p.id())).isEmpty();
    }

    @Test
    void theSecondDecisionIsRefusedNamingWhoDecidedFirst() {
        Proposal p = proposal(question(null), 64, 0.5);
        desk.approve(p.id(), "bob", "fine");

        assertThatThrownBy(() -> desk.reject(p.id(), "alice", "too wide"))
                .isInstanceOf(ReviewException.class)
                .hasMessage("proposal #" + p.id() + " was already approved by bob at " + NOW + ": fine; nothing changed")
                .satisfies(e -> assertThat(((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.ALREADY_DECIDED));
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("x", "0.2"), List.of(), null))
                .hasMessageContaining("already approved by bob");
        assertThat(store.decisions().forProposal(p.id())).hasSize(1);
        assertThat(store.proposals().forQuestion(p.questionId())).hasSize(1);

        assertThatThrownBy(() -> desk.approve(999_999, "alice", null)).isInstanceOf(ReviewException.class)
                .hasMessage("no proposal #999999; 'nightshift review' lists the pending ones")
                .satisfies(e -> assertThat(((ReviewException) e).kind()).isEqualTo(ReviewException.Kind.NOT_FOUND));
    }

    @Test
    void aFinishedQuestionsProposalCanBeRejectedButNotApproved() {
        Question q = question(null);
        Proposal p = proposal(q, 64, 0.5);
        store.questions().finish(q.id(), NOW);
        assertThatThrownBy(() -> desk.approve(p.id(), "alice", null))
                .hasMessageContaining("question #" + q.id() + " is done, so its proposals no longer run");
        desk.reject(p.id(), "alice", "the question is over");
        assertThat(store.proposals().find(p.id()).orElseThrow().status()).isEqualTo(ProposalStatus.REJECTED);
    }

    @Test
    void anEditRejectsTheOriginalAndApprovesTheChangedCopyInItsPlace() {
        Question q = question(null);
        Proposal original = proposal(q, 64, 0.5, new Placement(null, 0, 77L));

        ReviewDesk.Edited edited = desk.edit(original.id(), "alice", Map.of("width", "128", "x", "0.25"), List.of(),
                "try it wider");

        Proposal before = store.proposals().find(original.id()).orElseThrow();
        Proposal after = store.proposals().find(edited.editedId()).orElseThrow();
        assertThat(edited.changes()).isEqualTo("width 64 -> 128, x 0.5 -> 0.25");
        assertThat(before.status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(before.statusReason()).isEqualTo("replaced by edit as #" + after.id()
                + " (width 64 -> 128, x 0.5 -> 0.25): try it wider");
        assertThat(before.params()).containsEntry("width", 64);
        assertThat(after.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(after.params()).isEqualTo(Map.of("width", 128, "x", 0.25));
        assertThat(after.placement()).isEqualTo(new Placement(null, 0, 77L));
        assertThat(after.planner()).isEqualTo(ReviewDesk.EDIT_PLANNER);
        assertThat(after.hypothesis()).isEqualTo("score above 0.5");
        assertThat(after.rationale()).startsWith("edited by alice from proposal #" + original.id())
                .endsWith("the planner's rationale was: wide nets learn faster");
        assertThat(store.decisions().forProposal(original.id())).singleElement()
                .satisfies(d -> assertThat(d).extracting(Decision::actor, Decision::verdict)
                        .containsExactly("alice", Verdict.REJECT));
        assertThat(store.decisions().forProposal(after.id())).singleElement()
                .satisfies(d -> assertThat(d).extracting(Decision::actor, Decision::verdict)
                        .containsExactly("alice", Verdict.APPROVE));
    }

    @Test
    void anEditOutsideTheSpaceOrChangingNothingIsRefusedWithTheReason() {
        Proposal p = proposal(question(null), 64, 0.5);
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("depth", "3"), List.of(), null))
                .hasMessage("unknown parameter 'depth'; the parameters of tiny are [width, x]");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("width", "9000"), List.of(), null))
                .hasMessage("the edited configuration is not valid for tiny: width: 9000 is outside [1, 4096]");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("width", "2.5"), List.of(), null))
                .hasMessageContaining("width: expected an integer, got 2.5");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("x", "half"), List.of(), null))
                .hasMessage("x: 'half' is not a number");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of(), List.of("x"), null))
                .hasMessageContaining("x: missing");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of("width", "64", "x", "0.50"), List.of(), null))
                .hasMessageContaining("the edit changes nothing");
        assertThatThrownBy(() -> desk.edit(p.id(), "alice", Map.of(), List.of(), null)).hasMessageContaining("--set");
        assertThat(store.proposals().forQuestion(p.questionId())).singleElement()
                .satisfies(still -> assertThat(still.status()).isEqualTo(ProposalStatus.PENDING));
    }

    @Test
    void anEditMayNotMoveWhatTheStudyDesignHoldsStill() {
        StudyDesign.Compare tuned = new StudyDesign.Compare(List.of(new StudyDesign.Arm("narrow", Map.of("width", 8)),
                new StudyDesign.Arm("wide", Map.of("width", 512))), Map.of(), 2, 3);
        Question q = question(tuned);
        Proposal tuning = proposal(q, 8, 0.5, new Placement("narrow", 0, null));
        assertThatThrownBy(() -> desk.edit(tuning.id(), "alice", Map.of("width", "16"), List.of(), null))
                .hasMessage("width is fixed by the study design (arm 'narrow'); edit the others, or reject the proposal");
        Proposal replicate = proposal(q, 8, 0.4, new Placement("narrow", 1, 5L));
        assertThatThrownBy(() -> desk.edit(replicate.id(), "alice", Map.of("x", "0.3"), List.of(), null))
                .hasMessageContaining("re-runs a configuration under another seed");
        // What the arm leaves to tuning may be edited.
        assertThat(desk.edit(tuning.id(), "alice", Map.of("x", "0.3"), List.of(), null).params()).containsEntry("width", 8);

        StudyDesign.Sweep fixed = new StudyDesign.Sweep("width", List.of(8, 16), Map.of(), 3, 0);
        Proposal cell = proposal(question(fixed), 8, 0.5, new Placement("width=8", 0, 3L));
        assertThatThrownBy(() -> desk.edit(cell.id(), "alice", Map.of("x", "0.3"), List.of(), null))
                .hasMessageContaining("the sweep design of question").hasMessageContaining("runs fixed configurations");
    }

    @Test
    void anEditThatLosesToADecisionCommittingUnderItIsRolledBackWhole() throws Exception {
        Question q = question(null);
        long id = proposal(q, 64, 0.5).id();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Store second = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test")) {
            CountDownLatch decided = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // Bob's decision is written but not committed yet when Alice's edit starts.
            Future<Boolean> bob = pool.submit(() -> second.inTransaction(() -> {
                second.proposals().decide(id, ProposalStatus.APPROVED, "fine");
                second.decisions().record(id, "bob", Verdict.APPROVE, "fine", NOW);
                decided.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return true;
            }));
            decided.await();
            Future<ReviewDesk.Edited> alice = pool.submit(() -> desk.edit(id, "alice", Map.of("width", "128"), List.of(), null));
            Thread.sleep(300);
            assertThat(alice.isDone()).as("the edit waits for the decision in flight").isFalse();
            release.countDown();
            assertThat(bob.get()).isTrue();
            assertThatThrownBy(alice::get).hasCauseInstanceOf(ReviewException.class)
                    .hasMessageContaining("proposal #" + id + " was already approved by bob");
        } finally {
            pool.shutdownNow();
        }
        // The copy the edit had made went with its transaction: one proposal, one decision, Bob's.
        assertThat(store.proposals().forQuestion(q.id())).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo(ProposalStatus.APPROVED));
        assertThat(store.decisions().forProposal(id)).extracting(Decision::actor).containsExactly("bob");
    }

    @Test
    void reviewersDecidingAtOnceMakeOneDecisionAndALosingEditLeavesNoTrace() throws Exception {
        Question q = question(null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Store second = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test")) {
            ReviewDesk other = new ReviewDesk(second, PluginRegistry.load(temp.resolve("no-plugins")), Clock.systemUTC());
            int edits = 0;
            for (int round = 0; round < 8; round++) {
                long id = proposal(q, 64, round / 10.0).id();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ReviewDesk via = i % 2 == 0 ? desk : other;
                    int who = i;
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            switch (who) {
                                case 0 -> via.approve(id, "r0", null);
                                case 1 -> via.reject(id, "r1", "no");
                                default -> via.edit(id, "r" + who, Map.of("width", String.valueOf(100 + who)), List.of(), null);
                            }
                            return "won";
                        } catch (ReviewException e) {
                            assertThat(e.kind()).isEqualTo(ReviewException.Kind.ALREADY_DECIDED);
                            assertThat(e.getMessage()).contains("proposal #" + id + " was already");
                            return "lost";
                        }
                    }));
                }
                start.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    results.add(f.get());
                }
                assertThat(results).as("round %d", round).containsOnlyOnce("won");
                assertThat(store.decisions().forProposal(id)).hasSize(1);
                boolean editWon = results.indexOf("won") >= 2;
                edits += editWon ? 1 : 0;
                // Only the winning edit's copy exists: a losing edit's copy went with its transaction.
                long copies = store.proposals().forQuestion(q.id()).stream()
                        .filter(p -> p.planner().equals(ReviewDesk.EDIT_PLANNER)).count();
                assertThat(copies).isEqualTo(edits);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
