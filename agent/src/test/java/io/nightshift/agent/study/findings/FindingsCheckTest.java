package io.nightshift.agent.study.findings;

import static io.nightshift.agent.study.findings.StudyData.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingsCheckTest {

    static final StudyDesign.Compare DESIGN = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("batchnorm", params("batch_norm", true, "arch", "conv(32,3) relu fc(10)")),
            new StudyDesign.Arm("plain", params("batch_norm", false, "arch", "conv(32,3) relu fc(10)"))), Map.of(), 3, 0);

    /** Six trials of question 1 (ids 1-6) and one of another question (id 7, not among the question's trials). */
    static final StudyData DATA = new StudyData()
            .runs("plain", params("batch_norm", false, "arch", "conv(32,3) relu fc(10)"), 0.9512, 0.9481, 0.9533)
            .runs("batchnorm", params("batch_norm", true, "arch", "conv(32,3) relu fc(10)"), 0.9718, 0.9694, 0.9712);

    static FindingsCheck.Facts facts() {
        List<Finding.New> computed = FindingsWriter.write(DESIGN, Objective.maximize("val_accuracy"), DATA.observations(),
                DATA.trialIds());
        return FindingsWriter.facts(DESIGN, Objective.maximize("val_accuracy"), DATA.observations(), DATA.trialIds(), computed);
    }

    static Finding.New prose(String text, Long... cited) {
        return new Finding.New("prose", text, List.of(cited), Map.of(), "model", null);
    }

    @Test
    void trialReferencesInTheirUsualForms() {
        assertThat(FindingsCheck.trialReferences("trial #12 beat trials 14, 15 and 16 (see #3, and Trial 8)"))
                .containsExactly(12L, 14L, 15L, 16L, 8L, 3L);
        assertThat(FindingsCheck.trialReferences("trials #4-#6 and trials 9–11")).containsExactly(4L, 5L, 6L, 9L, 10L, 11L);
        assertThat(FindingsCheck.trialReferences("trials #1, #2, #3).")).containsExactly(1L, 2L, 3L);
        assertThat(FindingsCheck.trialReferences("question #3 asked")).isEmpty();
        assertThat(FindingsCheck.trialReferences("trial #3, 64 units wide, reached 0.97")).containsExactly(3L);
        assertThat(FindingsCheck.trialReferences("trial 3.5")).isEmpty();
    }

    @Test
    void quotedNumbersLeaveOutReferencesNamesAndTheDatasOwnWords() {
        List<FindingsCheck.Quoted> quoted = FindingsCheck.quotedNumbers("fc1 and top5_accuracy of resnet-18 with"
                + " conv(32,3) relu fc(10) (trial #12, question #2) reached 0.9712 ± 0.002, -0.5 and 1e-3, 97.1% of the"
                + " 2nd run; n=3.", Set.of("conv(32,3) relu fc(10)"));
        assertThat(quoted).extracting(FindingsCheck.Quoted::text)
                .containsExactly("0.9712", "0.002", "-0.5", "1e-3", "97.1%", "3");
        assertThat(quoted.get(0).tolerance()).isEqualTo(0.00005, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(quoted.get(3).value()).isEqualTo(0.001);
        assertThat(quoted.get(4).percent()).isTrue();
    }

    @Test
    void numbersMatchWithinTheTextsOwnRounding() {
        FindingsCheck.Facts facts = facts();
        assertThat(FindingsCheck.problem(prose("batchnorm reached 0.97 (trial #6)."), facts)).isEmpty();
        assertThat(FindingsCheck.problem(prose("batchnorm reached 0.9712 (trial #6)."), facts)).isEmpty();
        assertThat(FindingsCheck.problem(prose("batchnorm reached 97.12% in trial #6."), facts)).isEmpty();
        assertThat(FindingsCheck.problem(prose("batchnorm reached 0.973 (trial #6)."), facts))
                .hasValue("quotes 0.973, which matches no value of the data");
    }

    @Test
    void aForgedNumberIsFlagged() {
        FindingsCheck.Facts facts = facts();
        Finding.New forged = prose("batchnorm beats plain by 0.0500 in val_accuracy (trials #4, #5, #6).", 4L, 5L, 6L);

        Finding.New checked = FindingsCheck.flag(forged, facts);

        assertThat(checked.flagged()).isEqualTo("quotes 0.0500, which matches no value of the data");
        assertThat(checked.text()).isEqualTo(forged.text());
        assertThat(FindingsCheck.dropFailing(List.of(forged), facts)).isEmpty();
    }

    @Test
    void aForgedTrialIdIsFlaggedInTheTextAndInTheCitations() {
        FindingsCheck.Facts facts = facts();

        assertThat(FindingsCheck.flag(prose("batchnorm reached 0.9718 in trial #999."), facts).flagged())
                .isEqualTo("cites trial #999, which is not a trial of this question");
        assertThat(FindingsCheck.flag(prose("batchnorm reached 0.9718.", 4L, 7L), facts).flagged())
                .isEqualTo("cites trial #7, which is not a trial of this question");
        Finding.New both = FindingsCheck.flag(prose("trials 41 and 42 reached 0.99."), facts);
        assertThat(both.flagged()).isEqualTo("cites trials #41, #42, which are not trials of this question;"
                + " quotes 0.99, which matches no value of the data");
    }

    @Test
    void aForgedComputedFindingIsCaughtToo() {
        List<Finding.New> computed = FindingsWriter.write(DESIGN, Objective.maximize("val_accuracy"),
                DATA.observations(), DATA.trialIds());
        Finding.New verdict = computed.get(0);
        Finding.New forged = new Finding.New(verdict.kind(), verdict.text(), List.of(4L, 5L, 6L, 77L), verdict.numbers(),
                "data", null);
        // The writer's own output passes; the same finding citing a trial of another question does not.
        assertThat(computed).allSatisfy(f -> assertThat(f.flagged()).isNull());
        assertThat(FindingsCheck.flag(forged, facts()).flagged()).isEqualTo("cites trial #77, which is not a trial of this question");
    }

    @Test
    void theWriterLeavesOutObservationsOfOtherQuestions() {
        List<Observation> withForeign = new java.util.ArrayList<>(DATA.observations());
        withForeign.add(new Observation(77, "plain", params("batch_norm", false), 5, 0.10));

        List<Finding.New> findings = FindingsWriter.write(DESIGN, Objective.maximize("val_accuracy"), withForeign,
                DATA.trialIds());

        assertThat(findings).allSatisfy(f -> assertThat(f.citedTrials()).doesNotContain(77L));
        assertThat(findings).allSatisfy(f -> assertThat(f.flagged()).isNull());
    }

    @Test
    void anEarlierFlagIsKept() {
        Finding.New flagged = new Finding.New("prose", "fine 0.97 (trial #4)", List.of(), Map.of(), "model", "refused earlier");
        assertThat(FindingsCheck.flag(flagged, facts()).flagged()).isEqualTo("refused earlier");
    }
}
