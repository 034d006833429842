package enginelauncher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Drives a codelibs cluster runner (OpenSearchRunner / ElasticsearchClusterRunner) purely by reflection.
 *
 * <p>This class has NO compile-time dependency on the runner jars, so any javac >= 17 can build it
 * ({@code --release 17}) and the jars only need to be on the runtime classpath. Both runners expose the
 * same API shape:
 *
 * <pre>
 *   R runner = new R();  runner.setMaxHttpPort(int);
 *   runner.onBuild(R.Builder b)          // interface: void build(int index, Settings.Builder s)
 *   runner.build(R.newConfigs().numOfNode(1).basePath(String).clusterName(String));
 *   runner.ensureYellow(String... indices);  runner.isClosed();  runner.close();
 * </pre>
 */
public final class RunnerLauncher {
    private final String engine;
    private final String runnerClass;
    private final String[] roles;

    public RunnerLauncher(final String engine, final String runnerClass, final String... roles) {
        this.engine = engine;
        this.runnerClass = runnerClass;
        this.roles = roles.clone();
    }

    /** Starts one node, prints "ENGINE READY ..." and blocks until the runner is closed. Never returns normally. */
    public void run(final String[] argv) throws InterruptedException {
        final LauncherArgs a = LauncherArgs.parse(engine, argv);
        final Object runner;
        try {
            runner = start(a);
        } catch (final Throwable t) {
            unwrap(t).printStackTrace();
            System.err.println("ENGINE FAILED TO START: " + unwrap(t));
            System.exit(1);
            return;
        }
        System.out.println("ENGINE READY " + engine + " http://" + a.host + ":" + a.port + " data=" + a.data);
        final Method isClosed = method(runner.getClass(), "isClosed");
        while (!(Boolean) invoke(runner, isClosed)) {
            Thread.sleep(1000);
        }
        System.exit(0);
    }

    private Object start(final LauncherArgs a) throws Exception {
        final Class<?> rc;
        try {
            rc = Class.forName(runnerClass);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException(runnerClass + " is not on the classpath (run 'engines/engine.sh build "
                    + engine + "')", e);
        }
        final ClassLoader cl = rc.getClassLoader();
        final Object runner = rc.getConstructor().newInstance();
        rc.getMethod("setMaxHttpPort", int.class).invoke(runner, -1); // never probe 9201..; we set http.port

        final Method close = rc.getMethod("close");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.invoke(runner);
            } catch (final Throwable e) {
                System.err.println("close failed: " + unwrap(e));
            }
        }, "engine-shutdown"));

        // runner.onBuild((index, settingsBuilder) -> settingsBuilder.put(...))
        final Class<?> builderIface = Class.forName(runnerClass + "$Builder", true, cl);
        final Method buildCallback = singleAbstract(builderIface, "build", 2);
        final Class<?> sbClass = buildCallback.getParameterTypes()[1]; // <engine>.common.settings.Settings$Builder
        final Method put = sbClass.getMethod("put", String.class, String.class);
        final Method putList = sbClass.getMethod("putList", String.class, String[].class);
        final Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("network.host", a.host);
        settings.put("http.port", Integer.toString(a.port));
        settings.put("node.name", a.nodeName);
        final Map<String, String[]> lists = new java.util.LinkedHashMap<>();
        lists.put("node.roles", a.roles != null ? a.roles.clone() : roles.clone());
        if (a.clustered()) {
            // One node of a cluster on loopback: found through the seed hosts' transport ports; the
            // runner would otherwise make every one-node build single-node (it only sets what is absent).
            settings.put("discovery.type", "zen");
            settings.put("transport.port", Integer.toString(a.transportPort));
            lists.put("discovery.seed_hosts", a.seedHosts.clone());
            lists.put(engine.equals("opensearch") ? "cluster.initial_cluster_manager_nodes"
                    : "cluster.initial_master_nodes", a.clusterManagers.clone());
        } else {
            settings.put("discovery.type", "single-node");
        }
        // dev/test box: never go read-only / refuse shards because the disk is fullish
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        final InvocationHandler h = (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                switch (m.getName()) {
                case "equals": return proxy == args[0];
                case "hashCode": return System.identityHashCode(proxy);
                default: return engine + "-settings-builder";
                }
            }
            if (m.getName().equals(buildCallback.getName()) && args != null && args.length == 2) {
                final Object sb = args[1];
                for (final Map.Entry<String, String> e : settings.entrySet()) {
                    put.invoke(sb, e.getKey(), e.getValue());
                }
                for (final Map.Entry<String, String[]> e : lists.entrySet()) {
                    putList.invoke(sb, e.getKey(), (Object) e.getValue().clone());
                }
                return null;
            }
            throw new UnsupportedOperationException(m.toString());
        };
        final Object builder = Proxy.newProxyInstance(cl, new Class<?>[] {builderIface}, h);
        rc.getMethod("onBuild", builderIface).invoke(runner, builder);

        // runner.build(newConfigs().numOfNode(1).basePath(data).clusterName(cluster))
        Object configs = rc.getMethod("newConfigs").invoke(null);
        final Class<?> cc = configs.getClass();
        configs = cc.getMethod("numOfNode", int.class).invoke(configs, 1);
        configs = cc.getMethod("basePath", String.class).invoke(configs, a.data.toString());
        configs = cc.getMethod("clusterName", String.class).invoke(configs, a.cluster);
        rc.getMethod("build", cc).invoke(runner, configs);

        rc.getMethod("ensureYellow", String[].class).invoke(runner, (Object) new String[0]);
        return runner;
    }

    private static Method singleAbstract(final Class<?> iface, final String name, final int arity) {
        for (final Method m : iface.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return m;
            }
        }
        throw new IllegalStateException(iface.getName() + " has no " + name + "/" + arity + " method");
    }

    private static Method method(final Class<?> c, final String name) {
        try {
            return c.getMethod(name);
        } catch (final NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(final Object target, final Method m) {
        try {
            return m.invoke(target);
        } catch (final IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(unwrap(e));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
