package enginelauncher.opensearch;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import org.codelibs.opensearch.runner.OpenSearchRunner;

import enginelauncher.LauncherArgs;

/** Starts ONE OpenSearch node (security-less, single-node discovery) on host:port and blocks. */
public final class OpenSearchLauncher {
    public static void main(final String[] argv) throws Exception {
        final LauncherArgs a = LauncherArgs.parse("opensearch", argv);
        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // do not probe 9201..9299; we set http.port ourselves
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("close failed: " + e);
            }
        }, "engine-shutdown"));
        try {
            runner.onBuild((index, s) -> {
                s.put("network.host", a.host);
                s.put("http.port", a.port);
                s.put("node.name", "opensearch-" + a.port);
                s.put("discovery.type", "single-node");
                s.putList("node.roles", "cluster_manager", "data", "ingest");
                // dev/test box: never go read-only / refuse shards because the disk is fullish
                s.put("cluster.routing.allocation.disk.threshold_enabled", false);
            }).build(newConfigs().numOfNode(1).basePath(a.data.toString()).clusterName(a.cluster));
            runner.ensureYellow();
        } catch (final Throwable t) {
            t.printStackTrace();
            System.err.println("ENGINE FAILED TO START");
            System.exit(1);
        }
        System.out.println("ENGINE READY opensearch http://" + a.host + ":" + a.port + " data=" + a.data);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
