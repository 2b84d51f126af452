package io.liaison.cli.pki;

import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.pki.TrustItem;
import io.liaison.runtime.config.LiaisonHome;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code liaison pki publish}: puts the CA, every signing certificate and every revocation on the
 * compacted trust topic, from which running backbones update their trust store within seconds.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publish certificates and revocations to the trust topic; running backbones apply them live.")
final class PkiPublishCommand extends PkiSubcommand {
    @picocli.CommandLine.Mixin
    BootstrapServersOption bootstrapServers;

    @picocli.CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    int run() {
        String bootstrap = bootstrapServers.require(LiaisonHome.resolve());
        List<TrustItem> items = pki.directory().trustItems();
        try (ControlPlanePublisher publisher =
                new ControlPlanePublisher(bootstrap, login.properties(LiaisonHome.resolve(), Principals.ADMIN))) {
            publisher.publishTrust(items);
        }
        long revocations = items.stream()
                .filter(i -> i instanceof TrustItem.RevocationItem)
                .count();
        out().printf("published %d trust item(s) (%d revocation(s)) to %s%n", items.size(), revocations, bootstrap);
        return 0;
    }
}
