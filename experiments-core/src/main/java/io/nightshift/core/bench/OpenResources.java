package io.nightshift.core.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * How many DJL managers and arrays are open under the engine's system manager: everything the
 * training core allocates natively hangs below it, so a count that grows from trial to trial is a
 * leak, whatever the resident set size says.
 *
 * @param managers open managers below the system manager (the system manager itself excluded)
 * @param arrays   open arrays in all of them
 */
public record OpenResources(int managers, int arrays) {

    /** Counts what is open now. */
    public static OpenResources now() {
        NDManager system;
        // DJL offers no public handle on the system manager, but every base manager is its child;
        // this one is closed before counting.
        try (NDManager probe = NDManager.newBaseManager()) {
            system = probe.getParentManager();
        }
        return new OpenResources(countManagers(system) - 1, system.getManagedArrays().size());
    }

    private static int countManagers(NDManager manager) {
        int count = 1;
        for (Object child : children(manager).values()) {
            if (child instanceof NDManager sub) {
                count += countManagers(sub);
            }
        }
        return count;
    }

    /**
     * DJL keeps a manager's children in a protected map and offers only {@code debugDump} (which
     * prints to stdout) to see them; reading the map is the one way to count sub-managers.
     */
    private static Map<?, ?> children(NDManager manager) {
        if (!(manager instanceof BaseNDManager)) {
            return Map.of();
        }
        try {
            Field resources = BaseNDManager.class.getDeclaredField("resources");
            resources.setAccessible(true);
            return (Map<?, ?>) resources.get(manager);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the sub-managers of " + manager
                    + " (DJL's BaseNDManager.resources changed?); count arrays only with getManagedArrays()", e);
        }
    }
}
