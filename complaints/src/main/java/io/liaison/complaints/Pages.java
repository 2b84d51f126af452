package io.liaison.complaints;

import io.liaison.policy.ComplaintsPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The intake's plain HTML: no script, no external resource (the server's CSP forbids both), every
 * value escaped, whoever wrote it (the policy's words included).
 */
final class Pages {
    private Pages() {}

    /** Escapes text for an HTML element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    static String form(ComplaintsPolicy policy, Set<String> agencies, ComplaintsConfig config) {
        StringBuilder categories = new StringBuilder();
        policy.categories()
                .forEach((id, description) -> categories
                        .append("<option value=\"")
                        .append(escape(id))
                        .append("\">")
                        .append(escape(description))
                        .append("</option>"));
        StringBuilder agencyOptions = new StringBuilder("<option value=\"\">I do not know</option>");
        for (String a : new TreeSet<>(agencies)) {
            agencyOptions
                    .append("<option value=\"")
                    .append(escape(a))
                    .append("\">")
                    .append(escape(a))
                    .append("</option>");
        }
        return page("File a complaint", """
                <h1>File a complaint about the joint operation</h1>
                <p>Your complaint goes to the independent oversight board only. It is encrypted so that only the
                board can read it: not the agencies, not the people who run the servers. If the board refers it to
                the agency concerned, that agency learns only what the board's published rules allow (%s),
                never who you are or how to reach you. You need no account. You get a receipt number to look up
                your complaint and to check that it entered the public, tamper-evident log.</p>
                <form method="post" action="/complaints">
                <p><label>What happened (category)<br><select name="category" required>%s</select></label></p>
                <p><label>When (date and time)<br><input type="datetime-local" name="time" required></label></p>
                <p><label>Where<br><input type="text" name="place" maxlength="%d" required></label></p>
                <p><label>What happened, in your words<br><textarea name="description" rows="8" cols="60" maxlength="%d" required></textarea></label></p>
                <p><label>Agency concerned (optional)<br><select name="agency">%s</select></label></p>
                <p><label>How the board may reach you (optional; only the board sees it)<br><input type="text" name="contact" maxlength="%d"></label></p>
                <p><button type="submit">File the complaint</button></p>
                </form>
                <h2>Look up a complaint</h2>
                <form method="get" action="/status"><p><label>Receipt number <input type="text" name="receipt" required></label>
                <button type="submit">Look up</button></p></form>
                <p>At most %d complaints per %s from one address.</p>
                """.formatted(
                        escape(shared(policy)),
                        categories,
                        ComplaintForm.MAX_PLACE,
                        ComplaintForm.MAX_DESCRIPTION,
                        agencyOptions,
                        ComplaintForm.MAX_CONTACT,
                        config.filingBurst(),
                        config.filingPeriod()));
    }

    private static String shared(ComplaintsPolicy policy) {
        java.util.List<String> fields = java.util.Arrays.stream(ComplaintsPolicy.ComplaintField.values())
                .filter(policy.concernedAgencyReceives()::contains)
                .map(ComplaintsPolicy.ComplaintField::key)
                .toList();
        return fields.isEmpty() ? "nothing" : String.join(", ", fields);
    }

    static String receipt(String receipt) {
        return page("Complaint received", """
                <h1>Your complaint was received</h1>
                <p>Receipt number: <strong>%s</strong></p>
                <p>Keep it: it is the only way to look your complaint up, and it names nothing about you.
                Status: <a href="/status?receipt=%s">/status?receipt=%s</a>. Once the next signed checkpoint of the
                log covers it, <a href="/complaints/%s/proof">/complaints/%s/proof</a> gives you a proof file that
                <code>liaison audit check-proof FILE</code> checks offline.</p>
                """.formatted(
                        escape(receipt), escape(receipt), escape(receipt), escape(receipt), escape(receipt)));
    }

    static String status(ComplaintRecords.StatusEntry entry, boolean proofAvailable) {
        return page("Complaint " + entry.receipt(), """
                <h1>Complaint %s</h1>
                <p>Status: <strong>%s</strong> (%s), since %s.</p>
                <p>%s</p>
                """.formatted(
                        escape(entry.receipt()),
                        escape(entry.status().key()),
                        escape(entry.status().description()),
                        escape(entry.changedAt().toString()),
                        proofAvailable
                                ? "<a href=\"/complaints/" + escape(entry.receipt())
                                        + "/proof\">Proof that it entered the log</a>"
                                : "The proof that it entered the log is published after the next signed checkpoint."));
    }

    static String error(int status, String message, Map<String, String> details) {
        StringBuilder more = new StringBuilder();
        details.forEach((k, v) -> more.append("<p>")
                .append(escape(k))
                .append(": ")
                .append(escape(v))
                .append("</p>"));
        return page(
                "Error " + status,
                "<h1>Not accepted (" + status + ")</h1><p>" + escape(message) + "</p>" + more
                        + "<p><a href=\"/\">Back to the form</a></p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body>\n" + body + "\n</body></html>\n";
    }
}
