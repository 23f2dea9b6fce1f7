package io.nightshift.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a real H2 file, plus what only a file database has to do: survive its process. */
class H2StoreTest extends StoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected String jdbcUrl() {
        return Store.h2FileUrl(dir.resolve("nightshift"));
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "test-password";
    }

    @Override
    protected Vendor expectedVendor() {
        return Vendor.H2;
    }

    @Test
    void h2FileUrlIsAbsoluteSharedAndWithoutExtension() {
        Path relative = Path.of("data", "nightshift");
        String expected = "jdbc:h2:async:" + relative.toAbsolutePath() + ";AUTO_SERVER=TRUE";

        assertThat(Store.h2FileUrl(relative)).isEqualTo(expected);
        assertThat(Store.h2FileUrl(Path.of("data", "nightshift.mv.db"))).isEqualTo(expected);
        assertThat(dir.resolve("nightshift.mv.db")).exists();
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", "why", "what");
        Trial t = store.trials().create(q.id(), p.id(), 1, 9L);
        store.trials().markRunning(t.id(), "w", NOW);
        store.trials().complete(t.id(), 0.9, Map.of("accuracy", 0.9), NOW);
        store.metrics().add(t.id(), "loss", 0, 1, 0.25, NOW);
        Decision d = store.decisions().record(p.id(), "alice", Verdict.APPROVE, "fine", NOW);
        Trial completed = store.trials().find(t.id()).orElseThrow();
        store.close();

        store = openStore();

        assertThat(store.questions().find(q.id())).contains(q);
        assertThat(store.proposals().find(p.id())).contains(p);
        assertThat(store.trials().find(t.id())).contains(completed);
        assertThat(store.metrics().latest(t.id(), "loss").orElseThrow().value()).isEqualTo(0.25);
        assertThat(store.decisions().forProposal(p.id())).containsExactly(d);
    }

    @Test
    void commitsAreWrittenAtOnce() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }

    @Test
    void writesSurviveAProcessKilledRightAfterThem() throws Exception {
        store.close();
        store = null;

        ChildProcess.Result child = ChildProcess.run("write-and-halt", jdbcUrl());

        assertThat(child.exitCode()).as(child.output()).isEqualTo(ChildProcess.HALTED);
        long trialId = Long.parseLong(child.line("TRIAL"));
        store = openStore();
        Trial trial = store.trials().find(trialId).orElseThrow();
        assertThat(trial.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(store.metrics().forTrial(trialId)).hasSize(ChildProcess.METRICS_WRITTEN);
    }

    @Test
    void aSecondProcessCanReadWhileThisOneHoldsTheFile() throws Exception {
        Question q = newQuestion();

        ChildProcess.Result child = ChildProcess.run("count-questions", jdbcUrl());

        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(Long.parseLong(child.line("QUESTIONS"))).isEqualTo(store.questions().all().size());
        assertThat(store.questions().find(q.id())).contains(q);
    }
}
