package io.liaison.web.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer of {@code /health} or {@code /ready}: fine only when every check is, and otherwise the
 * reason, naming each failing check. No checks at all is not fine: a probe that checks nothing
 * proves nothing.
 *
 * @param upWord   the status word when fine ({@code UP}, {@code READY})
 * @param downWord the status word otherwise ({@code DOWN}, {@code NOT_READY})
 */
public record Probe(String upWord, String downWord, List<Check> checks) {
    public Probe {
        checks = List.copyOf(checks);
    }

    public static Probe liveness(List<Check> checks) {
        return new Probe("UP", "DOWN", checks);
    }

    public static Probe readiness(List<Check> checks) {
        return new Probe("READY", "NOT_READY", checks);
    }

    public boolean ok() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    /** HTTP 200 when fine, else 503. */
    public int httpStatus() {
        return ok() ? 200 : 503;
    }

    /** Each failing check as {@code name: status}, joined; empty when fine. */
    public String reason() {
        if (checks.isEmpty()) {
            return "nothing is checked";
        }
        return checks.stream()
                .filter(c -> !c.ok())
                .map(c -> c.name() + ": " + c.status())
                .collect(Collectors.joining("; "));
    }

    /** The JSON body: status, the reason when not fine, and every check's status by name. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok() ? upWord : downWord);
        if (!ok()) {
            body.put("reason", reason());
        }
        Map<String, String> byName = new LinkedHashMap<>();
        checks.forEach(c -> byName.put(c.name(), (c.ok() ? "ok: " : "failing: ") + c.status()));
        body.put("checks", byName);
        return body;
    }
}
