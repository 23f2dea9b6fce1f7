package io.nightshift.agent.loop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param workerSlots how many trials may run at once; the loop keeps that many queued or running
 * @param maxAttempts how often an interrupted trial is started again before it is given up
 * @param staleAfter  a RUNNING trial silent this long belongs to a controller that died
 * @param dataDir     passed to every trial
 */
public record LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir) {}
