package io.nightshift.agent.worker;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A worker whose controller first gets connections that are not its worker's: one with a wrong secret (of the
 * right length), one whose handshake claims a megabyte, one that closes at once. Each must be dropped by the
 * controller; then the real worker connects and must work as usual. Says what happened on stderr (the log).
 */
public final class IntruderWorker {

    public static void main(String[] args) throws Exception {
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        String invitation = WorkerChannel.readInvitation(stdin);
        int port = Integer.parseInt(invitation.split(" ")[0]);
        String secret = invitation.split(" ")[1];

        char[] wrong = secret.toCharArray();
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        intrude(port, "wrong secret", frame(new String(wrong).getBytes(StandardCharsets.US_ASCII)));
        intrude(port, "oversized handshake", ByteBuffer.allocate(4).putInt(1 << 20).array());
        intrude(port, "no handshake", new byte[0]);

        WorkerMain.run(invitation, stdin, args);
    }

    private static void intrude(int port, String what, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            if (bytes.length == 0) {
                socket.shutdownOutput();
            }
            socket.setSoTimeout(10_000);
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (IOException e) {
                read = -1; // reset by the controller: dropped too
            }
            System.err.println("intruder (" + what + "): " + (read < 0 ? "dropped by the controller" : "ACCEPTED"));
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
