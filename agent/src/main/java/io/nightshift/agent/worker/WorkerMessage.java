package io.nightshift.agent.worker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * The protocol between the controller and a worker process: one JSON message per frame, over the worker's own
 * channel (see {@link WorkerChannel} and {@link MessageCodec}), never its stdout.
 * Controller to worker: {@code run}, {@code cancel}, {@code shutdown}. Worker to controller:
 * {@code ready}, {@code heartbeat}, {@code metric}, {@code log}, {@code result}, {@code error}.
 * The {@code type} field names the message; see docs/ARCHITECTURE.md for an example exchange.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkerMessage.Run.class, name = "run"),
        @JsonSubTypes.Type(value = WorkerMessage.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = WorkerMessage.Shutdown.class, name = "shutdown"),
        @JsonSubTypes.Type(value = WorkerMessage.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = WorkerMessage.Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = WorkerMessage.Metric.class, name = "metric"),
        @JsonSubTypes.Type(value = WorkerMessage.Log.class, name = "log"),
        @JsonSubTypes.Type(value = WorkerMessage.Note.class, name = "note"),
        @JsonSubTypes.Type(value = WorkerMessage.Result.class, name = "result"),
        @JsonSubTypes.Type(value = WorkerMessage.Error.class, name = "error"),
})
public sealed interface WorkerMessage {

    /**
     * Start a trial. Its budget is a duration that starts when the worker receives the message (the worker is
     * started and idle by then), so that neither queueing nor a worker's start-up eats into it.
     *
     * @param settings the plugin's settings (its {@code plugins.<id>:} section), handed to it before its first trial
     *                 in this worker; null or empty when it has none
     */
    record Run(long trialId, String plugin, Map<String, Object> parameters, long seed, long budgetMillis,
               String dataDirectory, int attempt, long proposalId, String artifactsDirectory,
               String checkpointDirectory, Map<String, Object> settings) implements WorkerMessage {

        /** A run of a plugin without settings. */
        public Run(long trialId, String plugin, Map<String, Object> parameters, long seed, long budgetMillis,
                   String dataDirectory, int attempt, long proposalId, String artifactsDirectory,
                   String checkpointDirectory) {
            this(trialId, plugin, parameters, seed, budgetMillis, dataDirectory, attempt, proposalId,
                    artifactsDirectory, checkpointDirectory, null);
        }

        /** A first attempt without artifact or checkpoint directories (tests of the protocol). */
        public Run(long trialId, String plugin, Map<String, Object> parameters, long seed, long budgetMillis,
                   String dataDirectory) {
            this(trialId, plugin, parameters, seed, budgetMillis, dataDirectory, 1, 0, null, null);
        }
    }

    record Cancel(long trialId) implements WorkerMessage {}

    record Shutdown() implements WorkerMessage {}

    record Ready(long pid, String device) implements WorkerMessage {}

    /** Sent every few seconds while the worker lives, busy or idle; silence means it hung. */
    record Heartbeat(Long trialId) implements WorkerMessage {}

    record Metric(long trialId, String name, double value, int epoch, long step) implements WorkerMessage {}

    record Log(long trialId, String message) implements WorkerMessage {}

    /** A text output kept with the trial under a name. */
    record Note(long trialId, String name, String text) implements WorkerMessage {}

    record Result(long trialId, Map<String, Double> metrics) implements WorkerMessage {}

    record Error(long trialId, String message, String detail) implements WorkerMessage {}
}
