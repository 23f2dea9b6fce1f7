package io.nightshift.agent.plugins;

import io.nightshift.plugin.Plugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The plugins that can be run: those on the classpath (the built-in ones) and those in jars
 * dropped into the plugins directory, both found with {@link ServiceLoader}. The controller and
 * every worker build the same registry, so a trial names its plugin by id alone.
 */
public final class PluginRegistry {

    private final Map<String, Plugin> plugins;

    private PluginRegistry(Map<String, Plugin> plugins) {
        this.plugins = plugins;
    }

    /** Loads built-in plugins and every {@code *.jar} in {@code pluginsDir} (which may not exist). */
    public static PluginRegistry load(Path pluginsDir) {
        ClassLoader loader = withJarsFrom(pluginsDir, PluginRegistry.class.getClassLoader());
        Map<String, Plugin> found = new LinkedHashMap<>();
        try {
            for (Plugin plugin : ServiceLoader.load(Plugin.class, loader)) {
                String id = plugin.descriptor().id();
                Plugin clash = found.putIfAbsent(id, plugin);
                if (clash != null) {
                    throw new PluginException("two plugins claim the id '" + id + "': " + clash.getClass().getName()
                            + " and " + plugin.getClass().getName() + "; remove one jar from " + pluginsDir);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new PluginException("a plugin could not be loaded: " + e.getMessage()
                    + " (check the jars in " + pluginsDir + ")", e);
        }
        return new PluginRegistry(found);
    }

    public Collection<Plugin> all() {
        return plugins.values();
    }

    public Plugin get(String id) {
        Plugin plugin = plugins.get(id);
        if (plugin == null) {
            throw new PluginException("no plugin named '" + id + "'; available: " + String.join(", ", plugins.keySet())
                    + ". Run 'nightshift plugins' to see them.");
        }
        return plugin;
    }

    private static ClassLoader withJarsFrom(Path dir, ClassLoader parent) {
        if (dir == null || !Files.isDirectory(dir)) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new PluginException("bad plugin jar path in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + dir, e);
        }
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }
}
