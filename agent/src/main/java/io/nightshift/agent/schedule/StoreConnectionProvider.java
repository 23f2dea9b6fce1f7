package io.nightshift.agent.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Lets Quartz use the store's connection pool, so the job store and the data share one database. */
final class StoreConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    StoreConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The store owns the pool and closes it.
    }

    @Override
    public void initialize() {
        // Nothing to set up: the pool exists already.
    }
}
