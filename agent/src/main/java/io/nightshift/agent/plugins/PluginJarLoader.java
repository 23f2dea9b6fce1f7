package io.nightshift.agent.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * The class loader of one plugin jar. Each jar gets its own, so a jar with a broken class, a bad
 * service file or classes that clash with another jar's spoils only itself. Classes are looked up in
 * the parent first (the plugin API and the training core are shared with nightshift), then in the
 * jar and whatever its manifest's {@code Class-Path} names. The plugin service file is read from this
 * jar only: otherwise {@link java.util.ServiceLoader} would also list the built-in plugins (and any
 * error they have) once per jar.
 */
final class PluginJarLoader extends URLClassLoader {

    static final String SERVICE_FILE = "META-INF/services/" + io.nightshift.plugin.Plugin.class.getName();

    static {
        registerAsParallelCapable();
    }

    private final Path jar;

    PluginJarLoader(Path jar, URL url, ClassLoader parent) {
        super("plugin:" + jar.getFileName(), new URL[] {url}, parent);
        this.jar = jar;
    }

    Path jar() {
        return jar;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICE_FILE.equals(name) ? findResources(name) : super.getResources(name);
    }
}
