package enginelauncher;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Tiny argument parser shared by both launchers: --port N --data DIR [--host H] [--cluster NAME]. */
public final class LauncherArgs {
    public int port = 9200;
    public String host = "127.0.0.1";
    public Path data;
    public String cluster;

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
            default:
                System.err.println("usage: " + engine + " [--port N] [--data DIR] [--host 127.0.0.1] [--cluster NAME]");
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
        return a;
    }

    private static String require(final String k, final String v) {
        if (v == null) {
            throw new IllegalArgumentException(k + " needs a value");
        }
        return v;
    }
}
