package io.liaison.consumer.http;

/**
 * What one caller may take of the gateway, so one analyst (or one agency) cannot exhaust it for the
 * others. Over a quota the answer is 429 with {@code Retry-After}.
 *
 * @param feedsPerSubject             concurrent SSE feeds of one subject (analyst or system) of one agency
 * @param feedsPerAgency              concurrent SSE feeds of all subjects of one agency
 * @param requestsPerMinutePerSubject {@code /v1} requests (feed opens and REST pages) of one subject per minute,
 *                                    as a token bucket: a burst of this many, then one every {@code 60s / n}
 */
public record GatewayQuotas(int feedsPerSubject, int feedsPerAgency, int requestsPerMinutePerSubject) {
    public static final GatewayQuotas DEFAULTS = new GatewayQuotas(4, 50, 60);

    public GatewayQuotas {
        if (feedsPerSubject < 1 || feedsPerSubject > 1_000) {
            throw new IllegalArgumentException(
                    "quotas.feedsPerSubject must be in the range 1 to 1000, was " + feedsPerSubject);
        }
        if (feedsPerAgency < feedsPerSubject || feedsPerAgency > 10_000) {
            throw new IllegalArgumentException("quotas.feedsPerAgency must be in the range quotas.feedsPerSubject ("
                    + feedsPerSubject + ") to 10000, was " + feedsPerAgency);
        }
        if (requestsPerMinutePerSubject < 1 || requestsPerMinutePerSubject > 60_000) {
            throw new IllegalArgumentException(
                    "quotas.requestsPerMinutePerSubject must be in the range 1 to 60000, was "
                            + requestsPerMinutePerSubject);
        }
    }
}
