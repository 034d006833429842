package enginelauncher.elasticsearch;

import enginelauncher.RunnerLauncher;

/**
 * Starts ONE Elasticsearch 7.10.2 (OSS modules) node, single-node discovery, on host:port and blocks.
 * Needs org.codelibs:elasticsearch-cluster-runner on the runtime classpath only (driven by reflection).
 */
public final class ElasticsearchLauncher {
    private ElasticsearchLauncher() {
    }

    public static void main(final String[] argv) throws Exception {
        // Build.CURRENT reads these; without them GET / says build_flavor "unknown", which
        // elasticsearch-py >= 7.14 rejects ("not a supported distribution"). engine.sh also passes them as -D.
        System.setProperty("es.distribution.flavor", System.getProperty("es.distribution.flavor", "default"));
        System.setProperty("es.distribution.type", System.getProperty("es.distribution.type", "tar"));
        new RunnerLauncher("elasticsearch", "org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner",
                "master", "data", "ingest").run(argv);
    }
}
