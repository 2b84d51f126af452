package io.liaison.consumer.http;

/** A request parameter (or header) that is malformed or names something unknown: answered with 400. */
final class BadParameter extends RuntimeException {
    private final String parameter;

    BadParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
