package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** log4j2.properties reads the log level variables itself; their defaults there are the table's. */
class LoggingSettingsTest {
    private static final Pattern LOOKUP = Pattern.compile("\\$\\{env:(LIAISON_[A-Z_]+):-([^}]*)}");

    @Test
    void everyVariableLog4jReadsIsADeclaredSettingWithTheSameDefault() throws IOException {
        String config;
        try (InputStream in = Liaison.class.getResourceAsStream("/log4j2.properties")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> read = new LinkedHashMap<>();
        Matcher m = LOOKUP.matcher(config);
        while (m.find()) {
            read.put(m.group(1), m.group(2));
        }
        assertThat(read).isNotEmpty();
        read.forEach((variable, fallback) -> assertThat(
                        LiaisonSettings.forVariable(variable).map(Setting::defaultText))
                .as(variable + " in log4j2.properties")
                .contains(fallback));
    }
}
