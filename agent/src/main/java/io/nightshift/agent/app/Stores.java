package io.nightshift.agent.app;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.store.Store;

/** Opens the configured store: the home made private first, then the database with its credentials. */
public final class Stores {

    private Stores() {
    }

    public static Store open(NightshiftConfig config) {
        OwnerOnly.directory(config.home());
        DatabaseCredentials credentials = DatabaseCredentials.of(config);
        return Store.open(config.database().url(), credentials.user(), credentials.password());
    }
}
