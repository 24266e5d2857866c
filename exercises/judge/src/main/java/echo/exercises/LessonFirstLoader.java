package echo.exercises;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * A class loader over the test class path that finds classes in its own URLs before asking its parent, so that
 * whichever directory comes first decides which {@code echo.blocking.BlockingServer} the chapter's tests get.
 * JUnit, opentest4j and the judge itself come from the parent: the Launcher that runs the tests must see the same
 * {@code @Test} annotation class as the tests it runs.
 */
final class LessonFirstLoader extends URLClassLoader {
    private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "org.junit.",
            "org.opentest4j.", "org.apiguardian.", "echo.exercises.");

    LessonFirstLoader(List<URL> path, ClassLoader parent) {
        super("exercise", path.toArray(URL[]::new), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (SHARED.stream().anyMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) { // META-INF/services/echo.common.Chapter: ours first, too
        URL url = findResource(name);
        return url != null ? url : super.getResource(name);
    }
}
