package io.liaison.runtime.config;

import io.liaison.runtime.StartupRefusedException;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting, declared once in {@link LiaisonSettings} (in the style of Kafka's {@code ConfigDef}):
 * everything a process needs to read, validate and document it.
 *
 * @param key            its key in a properties file ({@code --config}, {@code connection.properties});
 *                       empty for a setting read only from the environment
 * @param env            its environment variable
 * @param type           how its text parses
 * @param defaultValue   the value when no source has one; empty when there is none, or it is derived at run time
 * @param derivedDefault how the default is derived at run time (e.g. from the Liaison home), for the docs; empty if none
 * @param validator      which parsed values it accepts
 * @param connectionFile whether it falls back to {@code $LIAISON_HOME/connection.properties}, which {@code liaison demo} writes
 * @param doc            what it means
 */
public record Setting<T>(
        Optional<String> key,
        String env,
        SettingType<T> type,
        Optional<T> defaultValue,
        String derivedDefault,
        Validator<T> validator,
        boolean connectionFile,
        String doc) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(derivedDefault, "derivedDefault");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(doc, "doc");
        if (env == null || !env.startsWith("LIAISON_")) {
            throw new IllegalArgumentException("the variable of a Liaison setting starts with LIAISON_, was " + env);
        }
        if (connectionFile && key.isEmpty()) {
            throw new IllegalArgumentException(env + " falls back to the connection file, so it needs a key");
        }
        if (defaultValue.isPresent() && !derivedDefault.isEmpty()) {
            throw new IllegalArgumentException(env + " has both a default and a derived default");
        }
        // A default the validator refuses would fail only when someone relies on it.
        defaultValue.ifPresent(value -> {
            if (!validator.accepts().test(value)) {
                throw new IllegalArgumentException(
                        env + ": default " + type.format(value) + " is not " + validator.validValues());
            }
        });
    }

    /** A setting read from its environment variable and, by {@code key}, from properties files. */
    public static <T> Setting<T> define(String key, String env, SettingType<T> type, String doc) {
        return new Setting<>(Optional.of(key), env, type, Optional.empty(), "", Validator.any(type), false, doc);
    }

    /** A setting read only from its environment variable (some by the launcher or log4j2, not by Java code). */
    public static <T> Setting<T> environmentOnly(String env, SettingType<T> type, String doc) {
        return new Setting<>(Optional.empty(), env, type, Optional.empty(), "", Validator.any(type), false, doc);
    }

    public Setting<T> withDefault(T value) {
        return new Setting<>(key, env, type, Optional.of(value), derivedDefault, validator, connectionFile, doc);
    }

    public Setting<T> withDerivedDefault(String description) {
        return new Setting<>(key, env, type, defaultValue, description, validator, connectionFile, doc);
    }

    public Setting<T> validatedBy(Validator<T> rule) {
        return new Setting<>(key, env, type, defaultValue, derivedDefault, rule, connectionFile, doc);
    }

    public Setting<T> fallsBackToConnectionFile() {
        return new Setting<>(key, env, type, defaultValue, derivedDefault, validator, true, doc);
    }

    /** The key, else the variable: how messages name the setting. */
    public String name() {
        return key.orElse(env);
    }

    /** The default as the docs show it: the value, else how it is derived, else empty. */
    public String defaultText() {
        return defaultValue.map(type::format).orElse(derivedDefault);
    }

    /**
     * The valid value of {@code text}, else a refusal that names where the text came from, e.g.
     * {@code LIAISON_REPLAY_WINDOW: 'P7X' is not an ISO-8601 duration}.
     *
     * @param where the variable, or the key and file, that held the text
     */
    public T parse(String text, String where) {
        String trimmed = text.trim();
        T value;
        try {
            value = type.parse(trimmed);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(where + ": '" + trimmed + "' " + e.getMessage(), e);
        }
        if (!validator.accepts().test(value)) {
            throw new StartupRefusedException(where + ": '" + trimmed + "' is not " + validator.validValues());
        }
        return value;
    }
}
