package io.nightshift.agent.plugins;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins that can be run: those on the classpath (the built-in ones) and those in jars
 * dropped into the plugins directory, both found with {@link ServiceLoader}. The controller and
 * every worker build the same registry, so a trial names its plugin by id alone.
 *
 * <p>{@link #load(NightshiftConfig)} also hands each plugin its settings (its {@code plugins.<id>:} section) through
 * {@link Plugin#configure}; a refusal is a configuration error ({@link PluginSettingsException}) naming the key.
 *
 * <p>One bad plugin never takes the others down: a jar that is not a zip, a service entry that
 * cannot be loaded or instantiated, a {@code descriptor()} that throws (a bad id among other things)
 * or an id already taken is skipped with a warning naming the jar, the class and what is wrong, and
 * kept in {@link #problems()} so that asking for a missing plugin can say which jars were skipped.
 * The first of two plugins with one id keeps it: the classpath first, then jars by file name.
 */
public final class PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    static final String CLASSPATH = "the classpath";
    /** A service iterator that keeps failing should not loop for ever. */
    private static final int MAX_ENTRIES_PER_SOURCE = 1000;

    private final Map<String, Plugin> plugins;
    private final List<PluginProblem> problems;
    private final Map<String, Map<String, Object>> settings;

    private PluginRegistry(Map<String, Plugin> plugins, List<PluginProblem> problems,
                           Map<String, Map<String, Object>> settings) {
        this.plugins = plugins;
        this.problems = problems;
        this.settings = settings;
    }

    /**
     * Loads built-in plugins and every {@code *.jar} in {@code pluginsDir} (which may not exist), and configures none
     * of them: for a worker, which hands each plugin its settings with its first run, and for tests.
     */
    public static PluginRegistry load(Path pluginsDir) {
        Loading loading = loading(pluginsDir);
        return new PluginRegistry(loading.found, List.copyOf(loading.problems), Map.of());
    }

    /**
     * Loads the plugins as {@link #load(Path)} does, then hands each its section of the configuration's
     * {@code plugins:} settings (an empty map when it has none) through {@link Plugin#configure}.
     *
     * @throws PluginSettingsException when a plugin refuses its settings (a configuration error, naming the key)
     */
    public static PluginRegistry load(NightshiftConfig config) {
        return load(config.pluginsDir(), config.plugins().settings(), config.plugins().source());
    }

    /**
     * @param settings each plugin's settings by plugin id
     * @param source   where the settings come from, for error messages (a file name)
     */
    public static PluginRegistry load(Path pluginsDir, Map<String, Map<String, Object>> settings, String source) {
        Loading loading = loading(pluginsDir);
        Map<String, Map<String, Object>> given = new LinkedHashMap<>();
        for (var entry : loading.found.entrySet()) {
            Map<String, Object> own = settings.getOrDefault(entry.getKey(), Map.of());
            configure(entry.getKey(), entry.getValue(), own, source);
            given.put(entry.getKey(), own);
        }
        for (String id : settings.keySet()) {
            if (!loading.found.containsKey(id)) {
                LOG.warn("{}: plugins.{}: no plugin '{}' is installed, so these settings are not used (installed: {})",
                        source, id, id, String.join(", ", loading.found.keySet()));
            }
        }
        return new PluginRegistry(loading.found, List.copyOf(loading.problems), Map.copyOf(given));
    }

    /**
     * Hands {@code plugin} its settings, turning a refusal into a configuration error that names the plugin and the
     * key. The controller calls it through {@link #load(NightshiftConfig)}, a worker before its first run of the
     * plugin.
     *
     * @throws PluginSettingsException when the plugin refuses them
     */
    public static void configure(String id, Plugin plugin, Map<String, Object> settings, String source) {
        Map<String, Object> copy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        try {
            plugin.configure(copy);
        } catch (io.nightshift.plugin.InvalidSettingException e) {
            String key = e.key().isEmpty() ? "plugins." + id : "plugins." + id + "." + e.key();
            throw new PluginSettingsException(source + ": " + key + ": " + e.getMessage()
                    + " (refused by plugin '" + id + "', " + plugin.getClass().getName() + ")", e);
        } catch (Exception | LinkageError e) {
            throw new PluginSettingsException(source + ": plugins." + id + ": plugin '" + id + "' ("
                    + plugin.getClass().getName() + ") refused its settings: " + Loading.reason(e), e);
        }
    }

    /** The settings {@code id} was configured with; empty when it has none or this registry configured nobody. */
    public Map<String, Object> settings(String id) {
        return settings.getOrDefault(id, Map.of());
    }

    private static Loading loading(Path pluginsDir) {
        Loading loading = new Loading();
        ClassLoader parent = PluginRegistry.class.getClassLoader();
        loading.fromServices(ServiceLoader.load(Plugin.class, parent), CLASSPATH);
        for (Path jar : jarsIn(pluginsDir)) {
            loading.fromJar(jar, parent);
        }
        loading.problems.forEach(p -> LOG.warn("Plugin skipped: {}", p.describe()));
        return loading;
    }

    public Collection<Plugin> all() {
        return plugins.values();
    }

    public Optional<Plugin> find(String id) {
        return Optional.ofNullable(plugins.get(id));
    }

    /** What was skipped while loading, in the order met; empty when everything loaded. */
    public List<PluginProblem> problems() {
        return problems;
    }

    public Plugin get(String id) {
        Plugin plugin = plugins.get(id);
        if (plugin == null) {
            String skipped = problems.isEmpty() ? ""
                    : " Skipped because they could not be loaded: "
                    + problems.stream().map(PluginProblem::describe).collect(Collectors.joining("; ")) + ".";
            throw new PluginException("no plugin named '" + id + "'; available: " + String.join(", ", plugins.keySet())
                    + ". Run 'nightshift plugins' to see them." + skipped);
        }
        return plugin;
    }

    private static List<Path> jarsIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + dir, e);
        }
    }

    /** The state of one {@link #load}: what was found so far, and what was skipped. */
    private static final class Loading {

        private final Map<String, Plugin> found = new LinkedHashMap<>();
        private final Map<String, String> sourceOf = new LinkedHashMap<>();
        private final List<PluginProblem> problems = new ArrayList<>();

        void fromJar(Path jar, ClassLoader parent) {
            String source = "plugin jar " + jar.toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                problems.add(new PluginProblem(source, "not a file"));
                return;
            }
            // Opened once up front: a file that is not a zip gives its reason here rather than as
            // "not found" for every class later.
            try (JarFile ignored = new JarFile(jar.toFile())) {
                // readable
            } catch (IOException | SecurityException e) {
                problems.add(new PluginProblem(source, "not a readable jar (zip) file: " + e.getMessage()));
                return;
            }
            PluginJarLoader loader;
            try {
                loader = new PluginJarLoader(jar, jar.toUri().toURL(), parent);
            } catch (java.net.MalformedURLException e) {
                problems.add(new PluginProblem(source, "bad path: " + e.getMessage()));
                return;
            }
            int before = found.size();
            int problemsBefore = problems.size();
            fromServices(ServiceLoader.load(Plugin.class, loader), source);
            if (found.size() == before) {
                if (problems.size() == problemsBefore) {
                    problems.add(new PluginProblem(source, "declares no plugin (no " + PluginJarLoader.SERVICE_FILE
                            + " entry). A library a plugin needs belongs inside the plugin's jar, or in a subdirectory"
                            + " named by its manifest's Class-Path"));
                }
                close(loader);
            }
        }

        void fromServices(ServiceLoader<Plugin> services, String source) {
            Iterator<Plugin> it = services.iterator();
            for (int i = 0; i < MAX_ENTRIES_PER_SOURCE; i++) {
                Plugin plugin;
                try {
                    if (!it.hasNext()) {
                        return;
                    }
                    plugin = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    problems.add(new PluginProblem(source, reason(e)));
                    continue;
                }
                add(plugin, source);
            }
        }

        private void add(Plugin plugin, String source) {
            String type = plugin.getClass().getName();
            PluginDescriptor descriptor;
            try {
                descriptor = plugin.descriptor();
            } catch (RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(source, type + ": descriptor() failed: " + reason(e)));
                return;
            }
            if (descriptor == null) {
                problems.add(new PluginProblem(source, type + ": descriptor() returned null"));
                return;
            }
            String id = descriptor.id();
            Plugin holder = found.get(id);
            if (holder != null) {
                problems.add(new PluginProblem(source, type + " claims the id '" + id + "', which "
                        + holder.getClass().getName() + " from " + sourceOf.get(id)
                        + " already has; give one of them another id or remove one"));
                return;
            }
            found.put(id, plugin);
            sourceOf.put(id, source);
        }

        /** The error and its causes on one line: "Provider acme.X could not be instantiated: IllegalStateException: boom". */
        static String reason(Throwable e) {
            StringBuilder s = new StringBuilder();
            int depth = 0;
            for (Throwable t = e; t != null && depth < 5; t = t.getCause(), depth++) {
                String message = t.getMessage();
                if (t == e && t instanceof ServiceConfigurationError && message != null) {
                    // "io.nightshift.plugin.Plugin: Provider acme.X ..." : the service name is noise here.
                    message = message.replaceFirst("^" + java.util.regex.Pattern.quote(Plugin.class.getName()) + ": ", "");
                    s.append(message);
                } else {
                    s.append(s.length() == 0 ? "" : ": ").append(t.getClass().getSimpleName())
                            .append(message == null ? "" : ": " + message);
                }
            }
            return s.toString();
        }

        private static void close(PluginJarLoader loader) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("closing the class loader of {}", loader.jar(), e);
            }
        }
    }
}
