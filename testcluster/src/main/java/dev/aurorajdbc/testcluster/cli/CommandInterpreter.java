package dev.aurorajdbc.testcluster.cli;

import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Executes one {@code up} command line against a cluster and returns its one-line JSON answer as a map. */
final class CommandInterpreter {
    private final TestCluster cluster;

    CommandInterpreter(TestCluster cluster) {
        this.cluster = cluster;
    }

    Map<String, Object> execute(String line) {
        String[] words = line.split("\\s+");
        String command = words[0];
        long t = System.nanoTime();
        try {
            Map<String, Object> answer = new LinkedHashMap<>();
            switch (command) {
                case "status":
                    return Main.status(cluster);
                case "failover":
                    answer.put("failover", Main.report(words.length > 1 ? cluster.failover(node(words, 1)) : cluster.failover()));
                    break;
                case "kill": cluster.kill(node(words, 1)); break;
                case "stop": cluster.stop(node(words, 1)); break;
                case "start": cluster.start(node(words, 1)); break;
                case "hang": cluster.hang(node(words, 1)); break;
                case "resume": cluster.resume(node(words, 1)); break;
                case "cut": cluster.cut(node(words, 1)); break;
                case "heal": cluster.heal(node(words, 1)); break;
                case "reset": cluster.reset(node(words, 1)); break;
                case "add-replica": answer.put("node", Main.node(cluster.addReplica())); break;
                case "remove-replica": cluster.removeReplica(node(words, 1)); break;
                case "custom-endpoint":
                    if (words.length < 3) {
                        throw new IllegalArgumentException("usage: custom-endpoint NAME NODE... (creates or changes it)");
                    }
                    List<Node> members = new ArrayList<>();
                    for (int i = 2; i < words.length; i++) {
                        members.add(node(words, i));
                    }
                    answer.put("endpoint", cluster.customEndpoint(words[1], members));
                    break;
                case "delete-custom-endpoint":
                    if (words.length < 2) {
                        throw new IllegalArgumentException("usage: delete-custom-endpoint NAME");
                    }
                    answer.put("deleted", cluster.deleteCustomEndpoint(words[1]));
                    break;
                case "lag":
                    if (words.length < 3) {
                        throw new IllegalArgumentException("usage: lag NODE MILLIS");
                    }
                    cluster.lag(node(words, 1), Duration.ofMillis(millis(words[2])));
                    break;
                default:
                    throw new IllegalArgumentException("unknown command '" + command + "'; commands: " + Main.COMMANDS);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", true);
            result.put("command", line);
            result.put("ms", (System.nanoTime() - t) / 1_000_000);
            result.putAll(answer);
            return result;
        } catch (RuntimeException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("ok", false);
            error.put("command", line);
            error.put("error", String.valueOf(e.getMessage()));
            return error;
        }
    }

    private Node node(String[] words, int index) {
        if (words.length <= index) {
            throw new IllegalArgumentException("usage: " + words[0] + " NODE (a node id, e.g. " + cluster.writer().id() + ")");
        }
        return cluster.node(words[index]);
    }

    private static long millis(String text) {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new IllegalArgumentException("MILLIS must not be negative, got " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MILLIS must be a number, got '" + text + "'");
        }
    }
}
