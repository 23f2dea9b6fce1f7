package io.nightshift.agent.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nightshift.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the configuration: the defaults shipped in the config module, then the user's file merged
 * over them key by key, then the environment ({@code NIGHTSHIFT_HOME}, {@code NIGHTSHIFT_DATA_DIR},
 * {@code NIGHTSHIFT_DB_URL}). Unknown keys and wrong types are errors, never silently ignored.
 */
public final class ConfigLoader {

    static final String DEFAULTS = "/nightshift/nightshift.yaml";
    /** Below this a worker JVM cannot hold DJL, the engine and a dataset; it fails at start with no useful error. */
    static final int MIN_WORKER_HEAP_MB = 256;
    /** Several of the controller's 2-second trial heartbeats. */
    static final int MIN_STALE_AFTER_SECONDS = 10;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final Map<String, String> env;
    private final Path userHome;

    public ConfigLoader(Map<String, String> env, Path userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    public static ConfigLoader fromSystem() {
        return new ConfigLoader(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param explicitFile the file named with {@code --config}; when null, {@code <home>/nightshift.yaml}
     *                     is used if it exists
     */
    public NightshiftConfig load(Path explicitFile) {
        JsonNode merged = readDefaults();
        Optional<Path> userFile = Optional.ofNullable(explicitFile);
        if (explicitFile != null && !Files.isRegularFile(explicitFile)) {
            throw new ConfigException("config file " + explicitFile.toAbsolutePath() + " does not exist; "
                    + "pass an existing YAML file to --config, or leave --config out to use the defaults");
        }
        if (userFile.isEmpty()) {
            Path home = resolveHome(merged.path("home").asText());
            Path implicit = home.resolve("nightshift.yaml");
            userFile = Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
        }
        if (userFile.isPresent()) {
            merged = merge((ObjectNode) merged, readUserFile(userFile.get()));
        }
        RawConfig raw = bind(merged, userFile.map(Path::toString).orElse("the built-in defaults"));
        return resolve(raw, userFile.map(Path::toString).orElse("the built-in defaults"));
    }

    private JsonNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new ConfigException("the default configuration " + DEFAULTS
                        + " is not on the classpath; the nightshift-config jar is missing from the build");
            }
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read the default configuration: " + e.getMessage(), e);
        }
    }

    private JsonNode readUserFile(Path file) {
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": expected a YAML mapping of keys (home, database, workers, loop ...)");
            }
            return node;
        } catch (JacksonException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + locationOf(e) + ". Fix the file or pass another with --config.", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static JsonNode merge(ObjectNode base, JsonNode overlay) {
        overlay.fields().forEachRemaining(entry -> {
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode obj && entry.getValue().isObject()) {
                merge(obj, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        });
        return base;
    }

    private RawConfig bind(JsonNode merged, String source) {
        try {
            return yaml.treeToValue(merged, RawConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + "; known keys there: " + e.getKnownPropertyIds(), e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new ConfigException(source + ": bad value at " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new ConfigException(source + ": cannot read the configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (var ref : e.getPath()) {
            parts.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return parts.isEmpty() ? "the top level" : String.join(".", parts);
    }

    private NightshiftConfig resolve(RawConfig raw, String source) {
        Path home = resolveHome(raw.home());
        Path dataDir = firstNonBlank(env.get("NIGHTSHIFT_DATA_DIR"), raw.dataDir())
                .map(this::expand).orElse(home.resolve("data"));
        Path pluginsDir = firstNonBlank(raw.pluginsDir(), null).map(this::expand).orElse(home.resolve("plugins"));
        String url = firstNonBlank(env.get("NIGHTSHIFT_DB_URL"), raw.database().url())
                .orElse(Store.h2FileUrl(home.resolve("nightshift")));
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(source + ": database.url '" + url
                    + "' is not supported; use a jdbc:h2: file URL or a jdbc:postgresql: URL");
        }
        var w = raw.workers();
        positive(source, "workers.count", w.count());
        positive(source, "workers.heap-mb", w.heapMb());
        positive(source, "workers.threads", w.threads());
        positive(source, "workers.heartbeat-seconds", w.heartbeatSeconds());
        if (w.heapMb() < MIN_WORKER_HEAP_MB) {
            throw new ConfigException(source + ": workers.heap-mb (" + w.heapMb() + ") is too small for a worker JVM"
                    + " that loads DJL and a dataset; use at least " + MIN_WORKER_HEAP_MB + " (the default is 2048)");
        }
        if (w.recycleAfterTrials() < 0) {
            throw new ConfigException(source + ": workers.recycle-after-trials (" + w.recycleAfterTrials() + ") must be"
                    + " 0 (never replace a worker) or the number of trials after which a worker is replaced by a"
                    + " fresh one (e.g. 200)");
        }
        if (w.maxMemoryMb() != 0 && w.maxMemoryMb() < w.heapMb() + 256L) {
            throw new ConfigException(source + ": workers.max-memory-mb (" + w.maxMemoryMb() + ") leaves no room for a"
                    + " worker's heap (workers.heap-mb " + w.heapMb() + ") and native memory; use at least "
                    + (w.heapMb() + 256) + ", or 0 for the automatic limit (80 % of the machine's memory shared by the"
                    + " workers)");
        }
        Map<String, String> workerEnv = w.env() == null ? Map.of() : w.env();
        for (String name : workerEnv.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(source + ": workers.env has '" + name + "', which is not an environment"
                        + " variable name (letters, digits and _, not starting with a digit)");
            }
        }
        if (w.heartbeatTimeoutSeconds() < 3 * w.heartbeatSeconds()) {
            throw new ConfigException(source + ": workers.heartbeat-timeout-seconds (" + w.heartbeatTimeoutSeconds()
                    + ") must be at least 3 x workers.heartbeat-seconds (" + w.heartbeatSeconds() + "), so that one"
                    + " late heartbeat does not get a busy worker killed; raise the timeout to "
                    + 3 * w.heartbeatSeconds() + " or more, or beat more often");
        }
        if (!w.device().equals("cpu") && !w.device().matches("gpu:\\d+")) {
            throw new ConfigException(source + ": workers.device '" + w.device() + "' must be cpu or gpu:N (e.g. gpu:0)");
        }
        var l = raw.loop();
        positive(source, "loop.max-trials", l.maxTrials());
        positive(source, "loop.trial-budget-seconds", l.trialBudgetSeconds());
        positive(source, "loop.tick-seconds", l.tickSeconds());
        positive(source, "loop.max-attempts", l.maxAttempts());
        positive(source, "loop.stale-after-seconds", l.staleAfterSeconds());
        positive(source, "loop.overrun-seconds", l.overrunSeconds());
        positive(source, "loop.cancel-grace-seconds", l.cancelGraceSeconds());
        int minStale = Math.max(MIN_STALE_AFTER_SECONDS, 3 * w.heartbeatSeconds());
        if (l.staleAfterSeconds() < minStale) {
            throw new ConfigException(source + ": loop.stale-after-seconds (" + l.staleAfterSeconds() + ") must be at"
                    + " least " + minStale + ": a live controller refreshes its trials' heartbeats every few seconds"
                    + " (and workers beat every workers.heartbeat-seconds = " + w.heartbeatSeconds() + "), and a"
                    + " shorter limit would take live trials for abandoned ones; set it to " + minStale + " or more");
        }
        return new NightshiftConfig(home, dataDir, pluginsDir,
                new NightshiftConfig.Database(url, nullToEmpty(raw.database().user()), nullToEmpty(raw.database().password())),
                new NightshiftConfig.Workers(w.count(), w.device(), w.heapMb(), w.threads(), w.heartbeatSeconds(),
                        w.heartbeatTimeoutSeconds(), w.jvmArgs() == null ? List.of() : List.copyOf(w.jvmArgs()),
                        w.recycleAfterTrials(), workerEnv(workerEnv), w.maxMemoryMb()),
                l, llm(source, raw.llm()), artifacts(source, raw.artifacts()), plugins(source, raw.plugins()));
    }

    /** Unmodifiable, in the file's order, a missing value (a bare {@code KEY:}) read as empty: unset. */
    private static Map<String, String> workerEnv(Map<String, String> raw) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        raw.forEach((k, v) -> env.put(k, v == null ? "" : v));
        return java.util.Collections.unmodifiableMap(env);
    }

    /** Each plugin's section, unmodifiable; a plugin named with nothing under it has empty settings. */
    private static NightshiftConfig.Plugins plugins(String source, Map<String, Map<String, Object>> raw) {
        Map<String, Map<String, Object>> settings = new java.util.LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((id, section) -> settings.put(id, section == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(section))));
        }
        return new NightshiftConfig.Plugins(java.util.Collections.unmodifiableMap(settings), source);
    }

    private static NightshiftConfig.Llm llm(String source, NightshiftConfig.Llm m) {
        if (!NightshiftConfig.Llm.PROVIDERS.contains(m.provider())) {
            throw new ConfigException(source + ": llm.provider '" + m.provider() + "' must be one of "
                    + NightshiftConfig.Llm.PROVIDERS);
        }
        if (m.apiKeyEnv() != null && !m.apiKeyEnv().isBlank() && !m.apiKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(source + ": llm.api-key-env must be the NAME of an environment variable"
                    + " (e.g. OPENAI_API_KEY), not the key itself");
        }
        positive(source, "llm.timeout-seconds", m.timeoutSeconds());
        positive(source, "llm.planning-timeout-seconds", m.planningTimeoutSeconds());
        positive(source, "llm.max-output-tokens", m.maxOutputTokens());
        positive(source, "llm.history-rows", m.historyRows());
        notNegative(source, "llm.max-retries", m.maxRetries());
        notNegative(source, "llm.max-reasks", m.maxReasks());
        notNegative(source, "llm.max-cost", m.maxCost());
        notNegative(source, "llm.price-per-1k-input-tokens", m.pricePer1kInputTokens());
        notNegative(source, "llm.price-per-1k-output-tokens", m.pricePer1kOutputTokens());
        var h = m.hybrid();
        if (!NightshiftConfig.Hybrid.MODES.contains(h.mode())) {
            throw new ConfigException(source + ": llm.hybrid.mode '" + h.mode() + "' must be one of "
                    + NightshiftConfig.Hybrid.MODES);
        }
        positive(source, "llm.hybrid.candidates", h.candidates());
        notNegative(source, "llm.hybrid.seed-trials", h.seedTrials());
        return new NightshiftConfig.Llm(m.provider(), nullToEmpty(m.baseUrl()).trim(), nullToEmpty(m.model()).trim(),
                nullToEmpty(m.apiKeyEnv()).trim(), m.timeoutSeconds(), m.maxRetries(), m.planningTimeoutSeconds(), m.temperature(),
                m.maxOutputTokens(), m.structuredOutput(), m.maxReasks(), m.maxCost(), m.pricePer1kInputTokens(),
                m.pricePer1kOutputTokens(), m.historyRows(), h);
    }

    private static NightshiftConfig.Artifacts artifacts(String source, NightshiftConfig.Artifacts a) {
        positive(source, "artifacts.max-mb-per-trial", a.maxMbPerTrial());
        return a;
    }

    private static void notNegative(String source, String key, double value) {
        if (value < 0 || Double.isNaN(value)) {
            throw new ConfigException(source + ": " + key + " must not be negative, got " + value);
        }
    }

    private Path resolveHome(String configured) {
        return firstNonBlank(env.get("NIGHTSHIFT_HOME"), configured).map(this::expand).orElse(userHome.resolve(".nightshift"));
    }

    private Path expand(String path) {
        if (path.equals("~")) {
            return userHome;
        }
        if (path.startsWith("~/")) {
            return userHome.resolve(path.substring(2));
        }
        return Path.of(path).toAbsolutePath();
    }

    private static Optional<String> firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return Optional.of(a.trim());
        }
        return b != null && !b.isBlank() ? Optional.of(b.trim()) : Optional.empty();
    }

    private static void positive(String source, String key, long value) {
        if (value <= 0) {
            throw new ConfigException(source + ": " + key + " must be positive, got " + value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The file's shape, before paths and derived values are resolved. */
    record RawConfig(String home, String dataDir, String pluginsDir, NightshiftConfig.Database database,
                     NightshiftConfig.Workers workers, NightshiftConfig.Loop loop, NightshiftConfig.Llm llm,
                     NightshiftConfig.Artifacts artifacts, Map<String, Map<String, Object>> plugins) {}
}
