package io.nightshift.agent.worker;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A worker that authenticates, says it is ready, and on its first {@code run} breaks the protocol as its
 * argument says: {@code oversized} (a frame header claiming 64 MiB, then bytes) or {@code malformed} (a frame
 * that is not a protocol message). Then it waits to be killed.
 */
public final class RogueWorker {

    public static void main(String[] args) throws Exception {
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        MessageCodec codec = new MessageCodec();
        try (Socket channel = WorkerChannel.connect(WorkerChannel.readInvitation(stdin))) {
            OutputStream out = channel.getOutputStream();
            out.write(codec.frame(new WorkerMessage.Ready(ProcessHandle.current().pid(), "cpu")));
            out.flush();
            WorkerMessage first = codec.readFrame(new BufferedInputStream(channel.getInputStream()));
            long trialId = ((WorkerMessage.Run) first).trialId();
            out.write(codec.frame(new WorkerMessage.Metric(trialId, "score", 0.1, 1, 1)));
            switch (args[0]) {
                case "oversized" -> {
                    out.write(ByteBuffer.allocate(4).putInt(64 << 20).array());
                    out.write(new byte[1 << 16]);
                }
                case "malformed" -> {
                    byte[] body = "{\"type\":\"result\",\"trialId\":".getBytes(StandardCharsets.UTF_8);
                    out.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
            out.flush();
            Thread.sleep(120_000);
        }
    }
}
