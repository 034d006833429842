package enginelauncher;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Tiny argument parser shared by both launchers: --port N --data DIR [--host H] [--cluster NAME], and for a
 * node of a several-node cluster --transport-port N --seed-hosts H:P,H:P --cluster-managers NAME,NAME
 * [--roles R,R] [--node-name NAME]. Without --seed-hosts the node runs alone (single-node discovery).
 */
public final class LauncherArgs {
    public int port = 9200;
    public String host = "127.0.0.1";
    public Path data;
    public String cluster;
    public String nodeName;
    public int transportPort = -1;
    public String[] seedHosts = new String[0];
    public String[] clusterManagers = new String[0];
    public String[] roles;

    public boolean clustered() {
        return seedHosts.length > 0;
    }

    public static LauncherArgs parse(final String engine, final String[] args) {
        final LauncherArgs a = new LauncherArgs();
        for (int i = 0; i < args.length; i++) {
            final String k = args[i];
            final String v = i + 1 < args.length ? args[i + 1] : null;
            switch (k) {
            case "--port": a.port = Integer.parseInt(require(k, v)); i++; break;
            case "--data": a.data = Paths.get(require(k, v)); i++; break;
            case "--host": a.host = require(k, v); i++; break;
            case "--cluster": a.cluster = require(k, v); i++; break;
            case "--node-name": a.nodeName = require(k, v); i++; break;
            case "--transport-port": a.transportPort = Integer.parseInt(require(k, v)); i++; break;
            case "--seed-hosts": a.seedHosts = list(require(k, v)); i++; break;
            case "--cluster-managers": a.clusterManagers = list(require(k, v)); i++; break;
            case "--roles": a.roles = list(require(k, v)); i++; break;
            default:
                System.err.println("usage: " + engine + " [--port N] [--data DIR] [--host 127.0.0.1] [--cluster NAME]"
                        + " [--node-name NAME] [--transport-port N --seed-hosts H:P,.. --cluster-managers NAME,..]"
                        + " [--roles R,..]");
                System.exit(2);
            }
        }
        if (a.port < 1 || a.port > 65535) {
            throw new IllegalArgumentException("bad --port " + a.port);
        }
        if (a.data == null) {
            a.data = Paths.get(System.getProperty("user.dir"), ".engines", engine);
        }
        a.data = a.data.toAbsolutePath().normalize();
        if (a.cluster == null) {
            a.cluster = engine + "-" + a.port;
        }
        if (a.nodeName == null) {
            a.nodeName = engine + "-" + a.port;
        }
        if (a.clustered() && a.transportPort < 1) {
            throw new IllegalArgumentException("--seed-hosts needs --transport-port");
        }
        return a;
    }

    private static String[] list(final String v) {
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static String require(final String k, final String v) {
        if (v == null) {
            throw new IllegalArgumentException(k + " needs a value");
        }
        return v;
    }
}
