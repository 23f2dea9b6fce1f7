package io.nightshift.agent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.PgSchema;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several controllers on one database reach the checkpoint at the same moment: each template is suggested once,
 * and no more than {@link Checkpoint#MAX_SUGGESTIONS} wait for a person.
 */
class CheckpointConcurrencyTest {

    @TempDir
    Path temp;

    @Test
    void controllersAtTheCheckpointTogetherSuggestEachTemplateOnceOnH2() throws Exception {
        try (Store store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test")) {
            checkTogether(store);
        }
    }

    @Test
    void controllersAtTheCheckpointTogetherSuggestEachTemplateOnceOnPostgresql() throws Exception {
        try (PgSchema schema = PgSchema.create("ns_checkpoint");
             Store store = Store.open(schema.url(), PgSchema.USER, PgSchema.PASSWORD)) {
            checkTogether(store);
        }
    }

    private void checkTogether(Store store) throws Exception {
        PluginRegistry plugins = PluginRegistry.load(temp.resolve("plugins"));
        Checkpoint.Budget budget = new Checkpoint.Budget("tpe", 10, 30, 1);
        int controllers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(controllers);
        try {
            List<Future<List<Question>>> suggested = new ArrayList<>();
            for (int i = 0; i < controllers; i++) {
                Callable<List<Question>> atCheckpoint = () -> {
                    start.await();
                    return new Checkpoint(store, plugins).suggest(null, budget);
                };
                suggested.add(pool.submit(atCheckpoint));
            }
            start.countDown();
            for (Future<List<Question>> f : suggested) {
                assertThat(f.get()).hasSizeBetween(Checkpoint.MIN_SUGGESTIONS, Checkpoint.MAX_SUGGESTIONS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Question> waiting = store.questions().withStatus(QuestionStatus.CANDIDATE);
        assertThat(waiting).hasSizeBetween(Checkpoint.MIN_SUGGESTIONS, Checkpoint.MAX_SUGGESTIONS);
        assertThat(waiting).extracting(q -> q.pluginId() + ": " + q.text()).doesNotHaveDuplicates();

        // A dropped suggestion may be suggested again.
        Question dropped = waiting.get(0);
        assertThat(store.questions().move(dropped.id(), QuestionStatus.CANDIDATE, QuestionStatus.DROPPED)).isTrue();
        store.questions().withStatus(QuestionStatus.CANDIDATE).forEach(q ->
                store.questions().move(q.id(), QuestionStatus.CANDIDATE, QuestionStatus.DROPPED));
        assertThat(new Checkpoint(store, plugins).suggest(null, budget)).extracting(Question::text)
                .contains(dropped.text());
    }
}
