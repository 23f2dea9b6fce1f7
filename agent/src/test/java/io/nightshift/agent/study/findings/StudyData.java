package io.nightshift.agent.study.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds observations for tests: trial ids count up from 1, seeds from 100. */
final class StudyData {

    private final List<Observation> observations = new ArrayList<>();
    private long nextId = 1;

    StudyData run(String cell, Map<String, Object> params, double value) {
        long id = nextId++;
        observations.add(new Observation(id, cell, params, 100 + id, value));
        return this;
    }

    StudyData runs(String cell, Map<String, Object> params, double... values) {
        for (double v : values) {
            run(cell, params, v);
        }
        return this;
    }

    List<Observation> observations() {
        return List.copyOf(observations);
    }

    Set<Long> trialIds() {
        Set<Long> ids = new TreeSet<>();
        observations.forEach(o -> ids.add(o.trialId()));
        return ids;
    }

    static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Finding.New ofKind(List<Finding.New> findings, String kind) {
        List<Finding.New> matching = findings.stream().filter(f -> f.kind().equals(kind)).toList();
        assertThat(matching).as("findings of kind %s in %s", kind, texts(findings)).hasSize(1);
        return matching.get(0);
    }

    static List<String> texts(List<Finding.New> findings) {
        return findings.stream().map(f -> "[" + f.kind() + "] " + f.text()).toList();
    }

    /**
     * The invariant of computed findings: each passes the check, cites only the question's trials, and every
     * number its text quotes is one of its own {@code numbers} (within the text's rounding).
     */
    static void assertHonest(List<Finding.New> findings, Set<Long> trialIds, Set<String> names) {
        for (Finding.New f : findings) {
            assertThat(f.flagged()).as("flag of %s", f.text()).isNull();
            assertThat(f.source()).isEqualTo("data");
            assertThat(trialIds).as("trials cited by %s", f.text()).containsAll(f.citedTrials());
            assertThat(f.citedTrials()).as("trials named in the text of %s", f.text())
                    .containsAll(FindingsCheck.trialReferences(f.text()));
            for (FindingsCheck.Quoted q : FindingsCheck.quotedNumbers(f.text(), names)) {
                assertThat(f.numbers().values().stream().anyMatch(q::matches))
                        .as("%s in \"%s\" is one of its numbers %s", q.text(), f.text(), f.numbers()).isTrue();
            }
        }
    }
}
