package io.nightshift.agent.worker;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The channel between the controller and one worker: a TCP connection on the loopback interface, of its own,
 * so that nothing the worker's plugins or native libraries print (to fd 1 or fd 2, which go to the worker's
 * log) can be read as protocol.
 *
 * <p>The controller listens on 127.0.0.1 on an ephemeral port and makes a random secret for this one worker.
 * It tells the worker both in the first line of the worker's stdin (the {@link Listener#invitation()}), which
 * no other process can read, unlike a command line or, for other users, the environment. The worker connects
 * and sends the secret as its first frame (4-byte big-endian length, then the secret's bytes). A connection
 * from anywhere but loopback, or whose first frame is not the secret (compared in constant time), is dropped;
 * the first that presents it is the worker's, and the listener closes at once, so no one else can connect.
 */
final class WorkerChannel {

    static final int SECRET_BYTES = 32;
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACCEPT_POLL = Duration.ofMillis(200);
    private static final int MAX_INVITATION = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkerChannel() {
    }

    /** The controller's side: waits for the one worker it started. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final byte[] secret;
        private final Duration handshakeTimeout;

        Listener() throws IOException {
            this(HANDSHAKE_TIMEOUT);
        }

        Listener(Duration handshakeTimeout) throws IOException {
            this.handshakeTimeout = handshakeTimeout;
            byte[] random = new byte[SECRET_BYTES];
            RANDOM.nextBytes(random);
            this.secret = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            server.setSoTimeout((int) ACCEPT_POLL.toMillis());
        }

        int port() {
            return server.getLocalPort();
        }

        /** What the worker reads as the first line of its stdin: the port to connect to and the secret. */
        String invitation() {
            return port() + " " + new String(secret, StandardCharsets.US_ASCII);
        }

        /**
         * The worker's connection: the first one that presents the secret. The listener is closed when this
         * returns, whatever it returns.
         *
         * @param until    when to give up
         * @param starting false once waiting is pointless (the worker's process is gone)
         * @param refused  told why each other connection was dropped
         * @return the authenticated connection, or null when {@code until} passed or {@code starting} turned false
         * @throws InterruptedIOException when the waiting thread is interrupted (its interrupt flag stays set)
         */
        Socket accept(Instant until, BooleanSupplier starting, Consumer<String> refused) throws IOException {
            try {
                while (Instant.now().isBefore(until) && starting.getAsBoolean()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("interrupted while waiting for the worker to connect");
                    }
                    Socket socket;
                    try {
                        socket = server.accept();
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    String why = authenticate(socket);
                    if (why == null) {
                        socket.setSoTimeout(0);
                        socket.setTcpNoDelay(true);
                        return socket;
                    }
                    closeQuietly(socket);
                    refused.accept("from " + socket.getRemoteSocketAddress() + ": " + why);
                }
                return null;
            } finally {
                close();
            }
        }

        /** Null when the connection is the worker's, otherwise why not. */
        private String authenticate(Socket socket) {
            if (!socket.getInetAddress().isLoopbackAddress()) {
                return "not from the loopback interface";
            }
            try {
                socket.setSoTimeout((int) handshakeTimeout.toMillis());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int length = in.readInt();
                if (length != secret.length) {
                    // The length of the secret is no secret; its bytes are compared in constant time below.
                    return "a handshake of " + Integer.toUnsignedString(length) + " bytes, not the secret";
                }
                byte[] presented = new byte[length];
                in.readFully(presented);
                return MessageDigest.isEqual(presented, secret) ? null : "a wrong secret";
            } catch (SocketTimeoutException e) {
                return "no handshake within " + handshakeTimeout.toMillis() + " ms";
            } catch (EOFException e) {
                return "closed before its handshake was complete";
            } catch (IOException e) {
                return "handshake failed: " + e.getMessage();
            }
        }

        @Override
        public void close() {
            closeQuietly(server);
        }
    }

    /** The worker's side: reads the invitation line (at most a few hundred bytes) from its stdin. */
    static String readInvitation(InputStream stdin) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = stdin.read();
            if (b < 0) {
                throw new EOFException("stdin closed before the controller said where to connect");
            }
            if (b == '\n') {
                return line.toString().strip();
            }
            if (line.length() >= MAX_INVITATION) {
                throw new IOException("the first line of stdin is not an invitation from a controller");
            }
            line.append((char) b);
        }
    }

    /** The worker's side: connects to the controller and presents the secret. */
    static Socket connect(String invitation) throws IOException {
        String[] parts = invitation.strip().split(" ");
        if (parts.length != 2 || !parts[0].matches("\\d{1,5}")) {
            throw new IOException("not an invitation from a controller: expected '<port> <secret>'");
        }
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[0]));
        socket.setTcpNoDelay(true);
        byte[] secret = parts[1].getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(ByteBuffer.allocate(4 + secret.length).putInt(secret.length).put(secret).array());
        socket.getOutputStream().flush();
        return socket;
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing more to do
        }
    }
}
