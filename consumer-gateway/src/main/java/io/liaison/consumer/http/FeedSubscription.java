package io.liaison.consumer.http;

/** One client's interest in an agency's live inbox: what it wants and where to put it. */
final class FeedSubscription {
    private final FeedFilter filter;
    private final ClientBuffer buffer;

    FeedSubscription(FeedFilter filter, ClientBuffer buffer) {
        this.filter = filter;
        this.buffer = buffer;
    }

    FeedFilter filter() {
        return filter;
    }

    ClientBuffer buffer() {
        return buffer;
    }

    /** Whether {@code event} is for this client: every refused copy, and messages its filter keeps. */
    boolean wants(InboxEvent event) {
        return !(event instanceof InboxEvent.Message m) || filter.matches(m);
    }
}
