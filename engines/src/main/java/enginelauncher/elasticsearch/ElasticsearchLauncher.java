package enginelauncher.elasticsearch;

import static org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner.newConfigs;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

import enginelauncher.LauncherArgs;

/** Starts ONE Elasticsearch 7.10.2 (OSS modules) node, single-node discovery, on host:port and blocks. */
public final class ElasticsearchLauncher {
    public static void main(final String[] argv) throws Exception {
        // Build.CURRENT reads these; without them GET / says build_flavor "unknown", which
        // elasticsearch-py >= 7.14 rejects ("not a supported distribution").
        System.setProperty("es.distribution.flavor", System.getProperty("es.distribution.flavor", "default"));
        System.setProperty("es.distribution.type", System.getProperty("es.distribution.type", "tar"));
        final LauncherArgs a = LauncherArgs.parse("elasticsearch", argv);
        final ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        runner.setMaxHttpPort(-1);
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
                s.put("node.name", "elasticsearch-" + a.port);
                s.put("discovery.type", "single-node");
                s.putList("node.roles", "master", "data", "ingest");
                s.put("cluster.routing.allocation.disk.threshold_enabled", false);
            }).build(newConfigs().numOfNode(1).basePath(a.data.toString()).clusterName(a.cluster));
            runner.ensureYellow();
        } catch (final Throwable t) {
            t.printStackTrace();
            System.err.println("ENGINE FAILED TO START");
            System.exit(1);
        }
        System.out.println("ENGINE READY elasticsearch http://" + a.host + ":" + a.port + " data=" + a.data);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
