package io.nightshift.agent.worker;

/** What a running trial streams back before its outcome. Called on the thread that runs the trial. */
public interface TrialEvents {

    void metric(WorkerMessage.Metric metric);

    void log(String message);

    /** A text output of the trial, kept under a name. */
    default void note(String name, String text) {
        log(name + ": " + text);
    }

    /**
     * The controller is still running this trial: called every fraction of a second while it waits on the
     * worker, whether or not the worker said anything (a silent worker is the controller's to kill).
     */
    void alive();
}
