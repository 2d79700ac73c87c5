package dev.aurorajdbc.driver.classpath;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * Code of a deployed application, for {@link RedeployIT}: loaded by the application's own class loader (as a web
 * application's classes are by its container), it loads the drivers of its class path, uses them through
 * {@code DriverManager}, and on undeploy deregisters the drivers its class loader loaded, as a container's leak
 * prevention or the application's own listener does. {@code DriverManager} lets only such code see and deregister them.
 */
public final class Application {
    private Application() {
    }

    /** Loads the drivers (registering them) and opens and closes {@code cycles} connections, each running a query. */
    public static void openAndClose(String url, String user, String password, int cycles) throws Exception {
        Class.forName("dev.aurorajdbc.driver.AuroraDriver");
        Class.forName("org.postgresql.Driver");
        for (int i = 0; i < cycles; i++) {
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
        }
    }

    /** Deregisters every driver this class's loader loaded; how many there were. */
    public static int undeploy() throws SQLException {
        ClassLoader mine = Application.class.getClassLoader();
        int n = 0;
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == mine) {
                DriverManager.deregisterDriver(d);
                n++;
            }
        }
        return n;
    }
}
