# The Liaison services image: one jar, every verb. Build the project first (`mvn -B install -DskipTests`),
# then `docker compose build`. Services run `liaison <verb>`; see docs/operations.md.
# Named volumes (pki, streams state, the checkpointer's and the witness's state, each running service's pki-* volume
# that init writes under services/, and the TLS hand-over to each broker and registry under export/)
# start from these directories, so they belong to the service user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/liaison liaison \
    && mkdir -p /var/lib/liaison/pki /var/lib/liaison/streams /var/lib/liaison/checkpointer /var/lib/liaison/witness /opt/liaison/lib \
       /var/lib/liaison/export/kafka-1 /var/lib/liaison/export/kafka-2 /var/lib/liaison/export/kafka-3 \
       /var/lib/liaison/export/schema-registry /var/lib/liaison/export/apicurio \
    && for s in backbone checkpoint witness ingest-cpd ingest-ice ingest-guard gateway-cpd gateway-ice gateway-guard gateway-oversight \
         gateway-public; do mkdir -p "/var/lib/liaison/services/$s"; done \
    && chown -R liaison /var/lib/liaison
# services-lib: the CLI's runtime libraries without the bench, JMH and async-profiler's native library (cli/pom.xml).
COPY cli/target/services-lib/ /opt/liaison/lib/
COPY cli/target/liaison.jar /opt/liaison/liaison.jar
COPY config/policy.yaml /etc/liaison/policy.yaml
COPY deploy/init/init.sh /opt/liaison/init.sh
RUN printf '#!/bin/sh\nexec java $LIAISON_JAVA_OPTS -Dliaison.home="${LIAISON_HOME:-/var/lib/liaison}" -cp "/opt/liaison/liaison.jar:/opt/liaison/lib/*" io.liaison.cli.Liaison "$@"\n' \
      > /usr/local/bin/liaison && chmod 0755 /usr/local/bin/liaison /opt/liaison/init.sh
USER liaison
WORKDIR /var/lib/liaison
ENV LIAISON_HOME=/var/lib/liaison
ENTRYPOINT ["liaison"]
CMD ["--help"]
