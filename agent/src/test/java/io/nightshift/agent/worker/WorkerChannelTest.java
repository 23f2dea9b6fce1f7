package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake on the controller's listener, in one JVM: who gets in, who is dropped, and that it closes. */
class WorkerChannelTest {

    private final ExecutorService controller = Executors.newSingleThreadExecutor();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        controller.shutdownNow();
    }

    private Future<Socket> accept(WorkerChannel.Listener listener) {
        return controller.submit(() -> listener.accept(Instant.now().plusSeconds(20), () -> true, refused::add));
    }

    private static Socket send(int port, byte[] bytes) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    private static byte[] frame(String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static boolean droppedByTheController(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void onlyTheConnectionWithTheSecretGetsInAndThenTheListenerCloses() throws Exception {
        WorkerChannel.Listener listener = new WorkerChannel.Listener(Duration.ofMillis(500));
        int port = listener.port();
        String secret = listener.invitation().split(" ")[1];
        assertThat(secret).hasSize(2 * WorkerChannel.SECRET_BYTES).matches("[0-9a-f]+");
        Future<Socket> accepted = accept(listener);

        String wrong = (secret.charAt(0) == '0' ? "1" : "0") + secret.substring(1);
        try (Socket a = send(port, frame(wrong));
             Socket b = send(port, frame(secret.substring(1)));
             Socket c = send(port, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
             Socket d = send(port, new byte[0])) {
            // d says nothing at all: it is dropped when the handshake time runs out.
            for (Socket intruder : List.of(a, b, c, d)) {
                assertThat(droppedByTheController(intruder)).isTrue();
            }
        }
        try (Socket worker = WorkerChannel.connect(listener.invitation())) {
            Socket controllerEnd = accepted.get();
            assertThat(controllerEnd).isNotNull();
            // The channel works both ways once accepted.
            MessageCodec codec = new MessageCodec();
            worker.getOutputStream().write(codec.frame(new WorkerMessage.Heartbeat(null)));
            assertThat(codec.readFrame(controllerEnd.getInputStream())).isEqualTo(new WorkerMessage.Heartbeat(null));
            controllerEnd.close();
        }
        assertThat(refused).hasSize(4);
        assertThat(refused.get(0)).startsWith("from /127.0.0.1:").endsWith(": a wrong secret");
        assertThat(refused.get(1)).endsWith(": a handshake of 63 bytes, not the secret");
        assertThat(refused.get(2)).endsWith(": a handshake of 2147483647 bytes, not the secret");
        assertThat(refused.get(3)).endsWith(": no handshake within 500 ms");

        // Nobody else can connect after the worker did.
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void waitingEndsWhenTheWorkerIsGoneAndTheListenerCloses() throws Exception {
        WorkerChannel.Listener listener = new WorkerChannel.Listener();
        int port = listener.port();
        assertThat(listener.accept(Instant.now().plusSeconds(20), () -> false, refused::add)).isNull();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port)).isInstanceOf(ConnectException.class);

        // ... and when the waiting thread is interrupted (the controller is shutting down).
        WorkerChannel.Listener another = new WorkerChannel.Listener();
        Future<Socket> waiting = accept(another);
        Thread.sleep(300);
        controller.shutdownNow();
        assertThatThrownBy(waiting::get).hasCauseInstanceOf(InterruptedIOException.class);
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), another.port()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void theInvitationIsOneShortLineOnStdin() throws Exception {
        assertThat(WorkerChannel.readInvitation(new ByteArrayInputStream("4242 abc\nmore".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("4242 abc");
        assertThatThrownBy(() -> WorkerChannel.readInvitation(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> WorkerChannel.readInvitation(new ByteArrayInputStream(new byte[10_000])))
                .isInstanceOf(IOException.class).hasMessageContaining("not an invitation");
        assertThatThrownBy(() -> WorkerChannel.connect("hello"))
                .isInstanceOf(IOException.class).hasMessageContaining("expected '<port> <secret>'");
    }
}
