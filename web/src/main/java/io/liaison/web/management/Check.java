package io.liaison.web.management;

/**
 * One condition a process reports on at {@code /health} or {@code /ready}.
 *
 * @param name   what is checked, e.g. {@code control-plane}
 * @param ok     whether it holds now
 * @param status one sentence: what it is doing, or why it does not hold
 */
public record Check(String name, boolean ok, String status) {
    public static Check ok(String name, String status) {
        return new Check(name, true, status);
    }

    public static Check failing(String name, String status) {
        return new Check(name, false, status);
    }
}
