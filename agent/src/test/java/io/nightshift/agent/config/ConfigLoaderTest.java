package io.nightshift.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path userHome;

    private NightshiftConfig load(Map<String, String> env, String yaml) throws Exception {
        Path file = null;
        if (yaml != null) {
            file = userHome.resolve("custom.yaml");
            Files.writeString(file, yaml);
        }
        return new ConfigLoader(env, userHome).load(file);
    }

    @Test
    void defaultsLiveUnderTheHomeDirectoryAndUseAnH2File() throws Exception {
        NightshiftConfig config = load(Map.of(), null);

        assertThat(config.home()).isEqualTo(userHome.resolve(".nightshift"));
        assertThat(config.dataDir()).isEqualTo(userHome.resolve(".nightshift/data"));
        assertThat(config.pluginsDir()).isEqualTo(userHome.resolve(".nightshift/plugins"));
        assertThat(config.database().url()).startsWith("jdbc:h2:").contains(userHome.resolve(".nightshift/nightshift").toString());
        assertThat(config.workers().count()).isEqualTo(1);
        assertThat(config.workers().device()).isEqualTo("cpu");
        assertThat(config.loop().maxTrials()).isPositive();
    }

    @Test
    void userFileIsMergedKeyByKeyOverTheDefaults() throws Exception {
        NightshiftConfig config = load(Map.of(), "workers:\n  count: 3\nloop:\n  max-trials: 7\n");

        assertThat(config.workers().count()).isEqualTo(3);
        assertThat(config.workers().heapMb()).as("untouched default").isEqualTo(2048);
        assertThat(config.loop().maxTrials()).isEqualTo(7);
        assertThat(config.loop().tickSeconds()).as("untouched default").isEqualTo(2);
    }

    @Test
    void homeFileIsReadWhenNoFileIsGiven() throws Exception {
        Path home = userHome.resolve("nshome");
        Files.createDirectories(home);
        Files.writeString(home.resolve("nightshift.yaml"), "loop:\n  seed: 99\n");

        NightshiftConfig config = load(Map.of("NIGHTSHIFT_HOME", home.toString()), null);

        assertThat(config.home()).isEqualTo(home);
        assertThat(config.loop().seed()).isEqualTo(99);
    }

    @Test
    void environmentOverridesDataDirAndDatabase() throws Exception {
        NightshiftConfig config = load(Map.of("NIGHTSHIFT_DATA_DIR", "/data/sets",
                "NIGHTSHIFT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "data-dir: /ignored\n");

        assertThat(config.dataDir()).isEqualTo(Path.of("/data/sets"));
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void unknownKeyIsNamedWithItsPathAndTheKnownKeys() {
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  cuont: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("custom.yaml")
                .hasMessageContaining("unknown key 'cuont'")
                .hasMessageContaining("workers")
                .hasMessageContaining("count");
    }

    @Test
    void wrongTypeNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of(), "loop:\n  max-trials: lots\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("loop.max-trials");
    }

    @Test
    void invalidValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  count: 0\n"))
                .hasMessageContaining("workers.count must be positive");
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  device: cuda\n"))
                .hasMessageContaining("cpu or gpu:N");
        assertThatThrownBy(() -> load(Map.of(), "database:\n  url: jdbc:mysql://x/y\n"))
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void settingsThatDefeatEachOtherAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  heartbeat-seconds: 5\nloop:\n  stale-after-seconds: 4\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("loop.stale-after-seconds (4)")
                .hasMessageContaining("at least 15");
        assertThatThrownBy(() -> load(Map.of(), "loop:\n  stale-after-seconds: 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 10");
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  heap-mb: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("workers.heap-mb (1)")
                .hasMessageContaining("at least 256");
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  heartbeat-seconds: 30\n  heartbeat-timeout-seconds: 40\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("heartbeat-timeout-seconds (40)")
                .hasMessageContaining("at least 3 x");
    }

    @Test
    void workerRecyclingAndEnvironmentAreReadAndChecked() throws Exception {
        NightshiftConfig defaults = load(Map.of(), null);
        assertThat(defaults.workers().recycleAfterTrials()).as("recycled by default").isPositive();

        NightshiftConfig custom = load(Map.of(), "workers:\n  recycle-after-trials: 0\n  env:\n    MALLOC_ARENA_MAX: 2\n"
                + "    FOO_1: bar\n    UNSET_ME:\n");
        assertThat(custom.workers().recycleAfterTrials()).isZero();
        assertThat(custom.workers().env()).containsEntry("MALLOC_ARENA_MAX", "2").containsEntry("FOO_1", "bar")
                .containsEntry("UNSET_ME", "");

        assertThatThrownBy(() -> load(Map.of(), "workers:\n  recycle-after-trials: -5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("workers.recycle-after-trials (-5)")
                .hasMessageContaining("0 (never");
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  env:\n    1BAD: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("workers.env has '1BAD'");
    }

    @Test
    void theWorkerMemoryLimitIsAutomaticByDefaultAndRefusedWhenItLeavesNoRoomForTheHeap() throws Exception {
        NightshiftConfig defaults = load(Map.of(), null);
        assertThat(defaults.workers().maxMemoryMb()).isZero();
        // 80 % of the machine shared by the workers, never below the heap plus room for native memory.
        assertThat(defaults.workers().memoryLimitMb(2, 24_000)).isEqualTo(9_600);
        assertThat(defaults.workers().memoryLimitMb(64, 4_000)).isEqualTo(defaults.workers().heapMb() + 256);
        assertThat(defaults.workers().memoryLimitMb(2, 0)).as("machine memory unknown: no limit").isZero();
        assertThat(load(Map.of(), "workers:\n  heap-mb: 512\n  max-memory-mb: 3000\n").workers().memoryLimitMb(2, 24_000))
                .isEqualTo(3_000);
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  heap-mb: 2048\n  max-memory-mb: 2100\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("workers.max-memory-mb (2100)")
                .hasMessageContaining("at least 2304");
    }

    @Test
    void brokenYamlGivesTheLine() {
        assertThatThrownBy(() -> load(Map.of(), "workers:\n  count: [1,\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void missingExplicitFileIsAnError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), userHome).load(userHome.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml does not exist");
    }
}
