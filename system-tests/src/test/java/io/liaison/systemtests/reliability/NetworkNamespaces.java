package io.liaison.systemtests.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One network namespace per broker, each joined to a bridge in this (the test's) namespace by a
 * veth pair: node i is {@code 10.<a>.<b>.i}, the test reaches it through the bridge at
 * {@code .254}. {@link #cut} takes node i's link down, which separates it from the other nodes and
 * from every client at once; {@link #heal} brings it up. Needs root and iproute2's {@code ip}.
 * Names carry a random tag, so runs side by side do not collide; {@link #close} removes everything.
 */
final class NetworkNamespaces implements AutoCloseable {
    private final String tag;
    private final String subnet;
    private final int count;
    private final List<String> created = new ArrayList<>();

    private NetworkNamespaces(String tag, String subnet, int count) {
        this.tag = tag;
        this.subnet = subnet;
        this.count = count;
    }

    /** Why namespaces cannot be made here, if they cannot: not root, or no {@code ip}. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; running as " + System.getProperty("user.name"));
        }
        try {
            if (run(List.of("ip", "netns", "list")) != 0) {
                return Optional.of("`ip netns list` failed: network namespaces are not available");
            }
        } catch (IOException e) {
            return Optional.of("iproute2's `ip` is not installed (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** {@code count} namespaces with a node address each, on a bridge with this namespace. */
    static NetworkNamespaces create(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String tag = "lz" + Integer.toHexString(0x1000 + random.nextInt(0xefff));
        NetworkNamespaces ns =
                new NetworkNamespaces(tag, "10." + (200 + random.nextInt(50)) + "." + random.nextInt(256), count);
        try {
            ns.build();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Node {@code i}'s address (1-based). */
    String host(int i) {
        return subnet + "." + i;
    }

    List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hosts.add(host(i));
        }
        return hosts;
    }

    /** The command that runs a process inside node {@code i}'s namespace. */
    List<String> launcher(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** Takes node {@code i}'s link down: no packet reaches it or leaves it. */
    void cut(int i) {
        ip("link", "set", hostEnd(i), "down");
    }

    void heal(int i) {
        ip("link", "set", hostEnd(i), "up");
    }

    @Override
    public void close() {
        // deleting a namespace deletes the veth end inside it and so the pair; then the bridge
        for (int k = created.size() - 1; k >= 0; k--) {
            String object = created.get(k);
            try {
                run(
                        object.startsWith("netns ")
                                ? List.of("ip", "netns", "del", object.substring(6))
                                : List.of("ip", "link", "del", object));
            } catch (IOException e) {
                // best effort: the next run uses other names
            }
        }
    }

    private void build() {
        String bridge = tag + "br";
        ip("link", "add", bridge, "type", "bridge");
        created.add(bridge);
        ip("addr", "add", subnet + ".254/24", "dev", bridge);
        ip("link", "set", bridge, "up");
        for (int i = 1; i <= count; i++) {
            String ns = namespace(i);
            ip("netns", "add", ns);
            created.add("netns " + ns);
            ip("link", "add", hostEnd(i), "type", "veth", "peer", "name", nodeEnd(i));
            created.add(hostEnd(i));
            ip("link", "set", nodeEnd(i), "netns", ns);
            ip("link", "set", hostEnd(i), "master", bridge);
            ip("link", "set", hostEnd(i), "up");
            ip("-n", ns, "addr", "add", host(i) + "/24", "dev", nodeEnd(i));
            ip("-n", ns, "link", "set", nodeEnd(i), "up");
            ip("-n", ns, "link", "set", "lo", "up");
        }
    }

    private String namespace(int i) {
        return tag + "-n" + i;
    }

    private String hostEnd(int i) {
        return tag + "h" + i;
    }

    private String nodeEnd(int i) {
        return tag + "c" + i;
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            int exit = run(command);
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        }
    }

    private static int run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", command) + ": " + output.strip());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
    }
}
