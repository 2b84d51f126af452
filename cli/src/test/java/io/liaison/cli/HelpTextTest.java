package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every verb's {@code --help} reads as text: picocli prints each element of a description array on
 * a line of its own, so an element that stops mid-sentence printed as a ragged, half-empty line.
 */
class HelpTextTest {
    /** What a description line may end with when another line follows it: the end of a sentence or a lead-in. */
    private static final Pattern ENDS_A_SENTENCE = Pattern.compile("([.:!?]|%n)$");

    @Test
    void everyCommandHasADescriptionAndHelp() {
        for (CommandSpec command : allCommands()) {
            assertThat(String.join(" ", command.usageMessage().description()))
                    .as(command.qualifiedName())
                    .isNotBlank();
            if (!command.name().equals("help")) {
                assertThat(command.findOption("--help"))
                        .as(command.qualifiedName())
                        .isNotNull();
            }
        }
    }

    @Test
    void noDescriptionLineStopsMidSentence() {
        List<String> ragged = new ArrayList<>();
        for (CommandSpec command : allCommands()) {
            ragged.addAll(linesStoppingMidSentence(
                    command.qualifiedName(), command.usageMessage().description()));
            for (ArgSpec arg : command.args()) {
                String name = command.qualifiedName() + " " + arg.paramLabel();
                ragged.addAll(linesStoppingMidSentence(name, arg.description()));
            }
        }
        assertThat(ragged).isEmpty();
    }

    /** Lines other than the last that end mid-sentence; indented lines (tables, lists) are laid out by hand. */
    private static List<String> linesStoppingMidSentence(String where, String[] lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i].stripTrailing();
            if (!line.isEmpty()
                    && !line.startsWith(" ")
                    && !ENDS_A_SENTENCE.matcher(line).find()) {
                found.add(where + ": \"" + line + "\"");
            }
        }
        return found;
    }

    private static List<CommandSpec> allCommands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(Liaison.newCommandLine(), all);
        assertThat(all).hasSizeGreaterThan(40);
        return all;
    }

    private static void collect(CommandLine line, List<CommandSpec> into) {
        into.add(line.getCommandSpec());
        line.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
