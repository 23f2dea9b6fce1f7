package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorFetcherTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", exchange -> {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(gz)) {
                out.write(exchange.getRequestURI().getPath().getBytes());
            }
            exchange.sendResponseHeaders(200, gz.size());
            try (OutputStream body = exchange.getResponseBody()) {
                gz.writeTo(body);
            }
        });
        server.createContext("/missing/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void triesMirrorsInTurnAndGunzips() throws IOException {
        MirrorFetcher fetcher = MirrorFetcher.builder().baseUrls(List.of(base + "/missing/", base + "/good")).build();

        fetcher.fetch(List.of("t10k-labels-idx1-ubyte"), dir);

        assertThat(Files.readString(dir.resolve("t10k-labels-idx1-ubyte"))).isEqualTo("/good/t10k-labels-idx1-ubyte.gz");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aFailureEveryMirrorSharesIsSaidOnce() {
        MirrorFetcher fetcher = MirrorFetcher.builder().baseUrls(List.of(base + "/missing/", base + "/missing/again/"))
                .build();
        assertThatThrownBy(() -> fetcher.fetch(List.of("a", "b"), dir))
                .hasMessage("HTTP 404 at every mirror, for all 2 files");
        assertThatThrownBy(() -> fetcher.fetch(List.of("a"), dir))
                .hasMessage("a.gz: HTTP 404 at every mirror");
        MirrorFetcher unreachable = MirrorFetcher.builder().baseUrls(List.of("http://127.0.0.1:1/", "http://127.0.0.1:1/x/"))
                .build();
        assertThatThrownBy(() -> unreachable.fetch(List.of("a", "b"), dir))
                .hasMessageStartingWith("cannot connect")
                .hasMessageEndingWith("at every mirror, for all 2 files");
        assertThat(fetcher.byHand(List.of("a", "b"), dir)).contains("download a.gz, b.gz from one of " + base
                + "/missing/, " + base + "/missing/again/ into " + dir);
    }

    @Test
    void reportsEveryFailedUrl() {
        MirrorFetcher fetcher = MirrorFetcher.builder().baseUrls(List.of(base + "/missing/")).build();
        assertThatThrownBy(() -> fetcher.fetch(List.of("a"), dir))
                .hasMessageContaining(base + "/missing/a.gz: HTTP 404");
    }
}
