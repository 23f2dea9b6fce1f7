package io.nightshift.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file shared through AUTO_SERVER is reachable from this machine's loopback only, and only with a password. */
class H2SecurityTest {

    @TempDir
    Path dir;

    @Test
    void theSharingServerRefusesConnectionsFromANonLoopbackAddress() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        String url = Store.h2FileUrl(dir.resolve("db"));
        try (Store store = Store.open(url, "nightshift", "s3cret")) {
            int port = serverPort(dir.resolve("db.lock.db"));

            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                assertThat(local.isConnected()).as("the server is up on loopback").isTrue();
            }
            assertThatThrownBy(() -> {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }).as("connecting to %s:%d", external.get(), port).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aSecondProcessNeedsThePassword() {
        String url = Store.h2FileUrl(dir.resolve("db"));
        try (Store store = Store.open(url, "nightshift", "s3cret")) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, "nightshift", "").close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "", "").close())
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aSharedH2FileWithoutPasswordIsRefused() {
        String url = Store.h2FileUrl(dir.resolve("db"));

        assertThatThrownBy(() -> Store.open(url, "sa", ""))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("empty password")
                .hasMessageContaining("database.password");
        assertThat(dir.resolve("db.mv.db")).doesNotExist();
    }

    @Test
    void theDatabaseAndLockFilesAreOwnerOnly() throws IOException {
        String url = Store.h2FileUrl(dir.resolve("db"));
        try (Store store = Store.open(url, "nightshift", "s3cret")) {
            for (String name : new String[] {"db.mv.db", "db.lock.db"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                        .as(name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aDatabaseMadeWithAnEmptyPasswordIsGivenTheConfiguredOneAndLocksTheOldAccount() throws Exception {
        Path file = dir.resolve("legacy");
        long kept;
        try (Store legacy = Store.open("jdbc:h2:" + file, "", "")) {
            kept = legacy.questions().create("mnist", "kept?", "tpe", 1, 1, 1L).id();
        }
        String url = Store.h2FileUrl(file);

        try (Store store = Store.open(url, "nightshift", "s3cret")) {
            assertThat(store.questions().find(kept)).isPresent();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "", "").close()).isInstanceOf(SQLException.class);
        try (Store again = Store.open(url, "nightshift", "s3cret")) {
            assertThat(again.vendor()).isEqualTo(Vendor.H2);
        }
    }

    @Test
    void findsTheFileOfAnH2Url() {
        assertThat(H2Security.baseFile("jdbc:h2:async:/tmp/x/nightshift;AUTO_SERVER=TRUE")).contains(Path.of("/tmp/x/nightshift"));
        assertThat(H2Security.baseFile("jdbc:h2:file:/tmp/y")).contains(Path.of("/tmp/y"));
        assertThat(H2Security.baseFile("jdbc:h2:/tmp/z;WRITE_DELAY=0")).contains(Path.of("/tmp/z"));
        assertThat(H2Security.baseFile("jdbc:h2:mem:test")).isEmpty();
        assertThat(H2Security.baseFile("jdbc:h2:tcp://localhost/~/test")).isEmpty();
    }

    private static int serverPort(Path lockFile) throws IOException {
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(lockFile)) {
            lock.load(in);
        }
        String server = lock.getProperty("server");
        assertThat(server).as("the lock file names the server").isNotNull();
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
