package io.liaison.runtime.config;

import java.nio.file.Path;

/**
 * Where the embedded default keeps its state: {@link LiaisonSettings#HOME}, else the {@code liaison.home}
 * system property (set by the {@code ./liaison} script to {@code <repo>/.liaison}), else
 * {@code ./.liaison}. Layout: {@code kafka/} (or {@code kafka-cluster/}), {@code registry/}, {@code pki/},
 * {@code streams/}, {@code secrets/}, {@code checkpointer/}, {@code connection.properties}.
 */
public record LiaisonHome(Path root) {
    public static LiaisonHome resolve() {
        String env = System.getenv(LiaisonSettings.HOME.env());
        if (env != null && !env.isBlank()) {
            return new LiaisonHome(LiaisonSettings.HOME.parse(env, LiaisonSettings.HOME.env()));
        }
        return new LiaisonHome(Path.of(System.getProperty("liaison.home", ".liaison")));
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    /** The nodes of the embedded default run as a cluster ({@code liaison demo --brokers 3}). */
    public Path kafkaCluster() {
        return root.resolve("kafka-cluster");
    }

    public Path registry() {
        return root.resolve("registry");
    }

    public Path pki() {
        return root.resolve("pki");
    }

    public Path streamsState() {
        return root.resolve("streams");
    }

    /** SCRAM passwords of every principal, one 0600 file each. */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /** The backbone's pseudonym master secret, apart from the PKI directory. */
    public Path pseudonymSecret() {
        return secrets().resolve("pseudonym.key");
    }

    /** The checkpointer's last signed checkpoint: what it refuses to sign a log without. */
    public Path checkpointState() {
        return root.resolve("checkpointer").resolve("last-checkpoint.note");
    }

    /** {@code witness serve}'s state: the last checkpoint it cosigned per origin. */
    public Path witnessState() {
        return root.resolve("witness");
    }

    public Path connectionFile() {
        return root.resolve("connection.properties");
    }
}
