package io.govaudit.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that fails on command (STYLE.md S35): instance knobs, never static flags. The
 * next {@code n} {@code getConnection} calls fail as if the database were unreachable; the next
 * {@code n} commits fail as if the connection broke during the commit (the transaction is rolled
 * back on the real connection first, so nothing of it is stored).
 */
final class FaultyDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger failingConnections = new AtomicInteger();
    private final AtomicInteger failingCommits = new AtomicInteger();
    final AtomicInteger connectionsRefused = new AtomicInteger();
    /** The names of the threads that committed, to see which thread runs the store's transactions. */
    final java.util.Set<String> committingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FaultyDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    void failConnections(int n) {
        failingConnections.set(n);
    }

    void failCommits(int n) {
        failingCommits.set(n);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (failingConnections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            connectionsRefused.incrementAndGet();
            throw new SQLException("Connection refused (injected)", "08001");
        }
        return wrap(delegate.getConnection());
    }

    private Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        committingThreads.add(Thread.currentThread().getName());
                    }
                    if (method.getName().equals("commit")
                            && failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        real.rollback();
                        throw new SQLException("An I/O error occurred while sending to the backend (injected)", "08006");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
