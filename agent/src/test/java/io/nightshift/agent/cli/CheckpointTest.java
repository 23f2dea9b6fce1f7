package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint: an answered question, nothing queued, suggestions, and a run waiting for a person's choice. */
class CheckpointTest {

    @TempDir
    Path home;

    private Path config() throws Exception {
        return new TestHome(home).config();
    }

    private static String[] execute(String... args) {
        return TestHome.execute(args);
    }

    @Test
    void anAnsweredQuestionLeadsToTemplateSuggestionsAndTheRunWaitsForAChoiceMadeElsewhere() throws Exception {
        String config = config().toString();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<String[]> run = background.submit(() -> execute("--config", config, "run", "--plugin", "sleepy",
                    "--max-trials", "1", "--trial-budget", "1", "--wait", "--max-questions", "2"));

            List<Question> candidates = await(() -> candidates(), c -> c.size() >= 3, Duration.ofSeconds(90));
            assertThat(candidates).hasSizeBetween(3, 5)
                    .allSatisfy(q -> assertThat(q.origin().name()).isEqualTo("PLUGIN"))
                    .extracting(Question::text).contains("Does scripting work?");
            Thread.sleep(2_500);
            assertThat(run.isDone()).as("the run waits for a person").isFalse();

            // A person, from another process, writes down a question of their own and chooses it.
            String[] add = execute("--config", config, "questions", "add", "--plugin", "sleepy", "--question",
                    "Is a second trial as long?", "--max-trials", "1", "--trial-budget", "1");
            assertThat(add[0]).as(add[2]).isEqualTo("0");
            long id = candidates().stream().filter(q -> q.text().equals("Is a second trial as long?")).findFirst()
                    .orElseThrow().id();
            String[] choose = execute("--config", config, "questions", "choose", String.valueOf(id));
            assertThat(choose[0]).as(choose[2]).isEqualTo("0");

            String[] result = run.get(90, TimeUnit.SECONDS);
            assertThat(result[0]).as("stdout %s%nstderr %s", result[1], result[2]).isEqualTo("0");
            assertThat(result[1]).contains("Checkpoint: nothing is queued").contains("Waiting for a person to choose")
                    .contains("Next queued question #" + id);
            try (Store store = openStore()) {
                assertThat(store.questions().find(id).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
                assertThat(store.trials().forQuestion(id)).hasSize(1);
            }
            String[] again = execute("--config", config, "questions", "choose", String.valueOf(id));
            assertThat(again[0]).isEqualTo("2");
            assertThat(again[2]).contains("not a candidate");
        } finally {
            background.shutdownNow();
        }
    }

    private List<Question> candidates() {
        if (!Files.exists(home.resolve("nightshift.mv.db"))) {
            return List.of();
        }
        try (Store store = openStore()) {
            return store.questions().withStatus(QuestionStatus.CANDIDATE);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static <T> T await(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done, Duration timeout)
            throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not reached within " + timeout + ": " + last);
            }
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }

    private Store openStore() {
        return new TestHome(home).openStore();
    }
}
