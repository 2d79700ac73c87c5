import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a user runs with nothing but the bundle and the native driver on the class path: connect, write, read, wait for
 * a line on standard input (the test fails the cluster over meanwhile), write and read again on the same connection.
 * Arguments: the jdbc:aurora: URL; the environment variables AURORA_USER and AURORA_PASSWORD carry the login.
 */
public class App {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        try (Connection c = DriverManager.getConnection(url, System.getenv("AURORA_USER"), System.getenv("AURORA_PASSWORD"))) {
            System.out.println("driver " + DriverManager.getDriver(url).getClass().getName());
            update(c, "CREATE TABLE bundle_app (id INT PRIMARY KEY)");
            update(c, "INSERT INTO bundle_app (id) VALUES (1)");
            System.out.println("rows " + count(c));
            System.out.println("ready");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            update(c, "INSERT INTO bundle_app (id) VALUES (2)");
            System.out.println("rows " + count(c));
        }
    }

    /** One statement; after a failover (08S02, 08007) the connection is on the new writer, so it is run once more. */
    private static void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            if (!"08S02".equals(e.getSQLState()) && !"08007".equals(e.getSQLState())) {
                throw e;
            }
            System.out.println("failed over: " + e.getSQLState());
            try (Statement s = c.createStatement()) {
                s.executeUpdate(sql);
            }
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bundle_app")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
