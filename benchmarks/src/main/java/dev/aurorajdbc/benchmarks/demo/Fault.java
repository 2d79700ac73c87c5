package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.util.Locale;

/** The fault the demo injects on the writer, named as on the command line ({@code --fault kill|hang|cut|failover}). */
public enum Fault {
    /** SIGKILL of the writer's server: its connections are reset at once; the watchdog fails over. */
    KILL("kill", "SIGKILL (the server dies, its connections are reset)"),
    /** SIGSTOP of the writer's server: connections hang, nothing resets; the watchdog fails over. */
    HANG("hang", "hang (SIGSTOP: connections hang, nothing resets)"),
    /** A network black hole between the clients and the writer; the watchdog fails over. */
    CUT("cut", "network cut (a black hole between the clients and the writer)"),
    /** An Aurora-style {@code failover()} by the control plane: the writer is shut down and a replica promoted. */
    FAILOVER("failover", "Aurora-style failover() (the control plane shuts the writer down and promotes a replica)");

    private final String option;
    private final String description;

    Fault(String option, String description) {
        this.option = option;
        this.description = description;
    }

    /** The fault's name on the command line. */
    public String option() {
        return option;
    }

    /** What the fault does, for the narration. */
    public String description() {
        return description;
    }

    /**
     * The fault named {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static Fault parse(String text) {
        for (Fault f : values()) {
            if (f.option.equals(text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("--fault must be kill, hang, cut or failover, got '" + text + "'");
    }

    /** Injects the fault on {@code writer}; for {@link #FAILOVER}, returns once the control plane's failover is done. */
    public void inject(TestCluster cluster, Node writer) {
        switch (this) {
            case KILL -> cluster.kill(writer);
            case HANG -> cluster.hang(writer);
            case CUT -> cluster.cut(writer);
            case FAILOVER -> cluster.failover();
        }
    }

    /** Ends what is left of the fault on the former writer (resumes a hung one, heals a cut one). */
    public void clear(TestCluster cluster, Node formerWriter) {
        switch (this) {
            case HANG -> cluster.resume(formerWriter);
            case CUT -> cluster.heal(formerWriter);
            default -> {
                // nothing lasts: a killed writer is restarted by the control plane, a failed-over one rejoined
            }
        }
    }
}
