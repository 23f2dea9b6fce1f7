package io.nightshift.agent.cli;

import java.util.List;

/**
 * Ctrl-C (SIGINT) and SIGTERM run an orderly stop before the JVM's shutdown hooks start. The JDK
 * has no public API for this; {@code sun.misc.Signal} is the supported-in-practice one
 * (module jdk.unsupported) and is absent from no JDK nightshift runs on.
 */
@SuppressWarnings("restriction")
final class StopSignals {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private StopSignals() {}

    static void onStop(Runnable action) {
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // The signal is ignored in this process (a background job of a non-interactive
                // shell inherits SIGINT as ignored) or unknown here: leave it as it is.
            }
        }
    }

    static void reset() {
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_DFL);
            } catch (IllegalArgumentException e) {
                // As in onStop.
            }
        }
    }
}
