package io.nightshift.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Downloads {@code <base><name>.gz} over HTTP(S) from a list of mirrors, trying each in turn,
 * and gunzips it. The mirrors of the built-in datasets are in {@link Datasets}.
 */
public final class MirrorFetcher implements DatasetFetcher {

    private final List<String> baseUrls;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    // Made on the first download: the built-in dataset specs hold a fetcher each, and most runs never download.
    private HttpClient client;

    private MirrorFetcher(Builder b) {
        this.baseUrls = List.copyOf(b.baseUrls);
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
    }

    /** A fetcher of {@code baseUrls} with the default timeouts. */
    public static MirrorFetcher of(List<String> baseUrls) {
        return builder().baseUrls(baseUrls).build();
    }

    public List<String> baseUrls() {
        return baseUrls;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return client;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "download from " + baseUrls;
    }

    @Override
    public Optional<String> byHand(List<String> fileNames, Path directory) {
        if (baseUrls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("download " + fileNames.stream().map(n -> n + ".gz").collect(Collectors.joining(", "))
                + " from one of " + String.join(", ", baseUrls) + " into " + directory);
    }

    @Override
    public void fetch(List<String> fileNames, Path targetDirectory) throws IOException {
        List<String> failures = new ArrayList<>();
        Set<String> commonReasons = new LinkedHashSet<>();
        boolean mixed = false;
        for (String name : fileNames) {
            List<String> attempts = new ArrayList<>();
            Set<String> reasons = new LinkedHashSet<>();
            boolean fetched = false;
            for (String base : baseUrls) {
                String url = (base.endsWith("/") ? base : base + "/") + name + ".gz";
                String reason;
                try {
                    download(url, targetDirectory.resolve(name));
                    fetched = true;
                    break;
                } catch (java.net.http.HttpTimeoutException e) {
                    reason = "no response within " + requestTimeout.toSeconds() + " s";
                } catch (java.net.ConnectException e) {
                    reason = "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
                } catch (IOException e) {
                    reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while downloading " + url, e);
                }
                attempts.add(url + ": " + reason);
                reasons.add(reason);
            }
            if (fetched) {
                continue;
            }
            if (attempts.isEmpty()) {
                failures.add(name + ": no mirror configured");
            } else if (reasons.size() == 1 && attempts.size() > 1) {
                failures.add(name + ".gz: " + reasons.iterator().next() + " at every mirror");
                commonReasons.addAll(reasons);
            } else {
                failures.addAll(attempts);
                mixed = true;
            }
        }
        if (!failures.isEmpty()) {
            // The usual case offline: every mirror fails every file the same way; one line says so.
            if (failures.size() == fileNames.size() && fileNames.size() > 1 && !mixed
                    && commonReasons.size() == 1) {
                throw new IOException(commonReasons.iterator().next() + " at every mirror, for all "
                        + fileNames.size() + " files");
            }
            throw new IOException(String.join("; ", failures));
        }
    }

    private void download(String url, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = new GZIPInputStream(body, 1 << 16)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    public static final class Builder {
        private List<String> baseUrls = List.of();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(2);

        /** Base URLs; the file name plus {@code .gz} is appended to each. */
        public Builder baseUrls(List<String> baseUrls) {
            this.baseUrls = List.copyOf(baseUrls);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long to wait for a response before giving up on a mirror. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        public MirrorFetcher build() {
            return new MirrorFetcher(this);
        }
    }
}
