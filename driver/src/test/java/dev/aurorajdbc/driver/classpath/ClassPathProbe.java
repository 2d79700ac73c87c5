package dev.aurorajdbc.driver.classpath;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A plain program, as a user without Maven writes it, for {@link MissingJarTest}: connects through
 * {@code DriverManager} to the URL in {@code args[0]} and prints one line, {@code connected} or
 * {@code <exception class> <SQLState> <ms> <message>}; whatever escapes (an Error) ends it with a stack trace.
 */
public final class ClassPathProbe {
    private ClassPathProbe() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0], "app", "secret")) {
            System.out.println("connected");
        } catch (SQLException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println(e.getClass().getName() + " " + e.getSQLState() + " " + ms + " " + e.getMessage());
        }
    }
}
