package io.liaison.audit.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Public notices ({@code CommunityNotice} copies delivered to the agency that stands for the public)
 * as an Atom feed (RFC 4287). Every value is escaped: notices are written by agencies, and the feed is
 * read by anyone's feed reader. Built only from copies that opened and verified.
 */
public final class NoticeFeed {
    public static final String FILE = "notices.atom";

    private NoticeFeed() {}

    /**
     * One verified notice.
     *
     * @param messageId   the message id of the copy (unique per sender)
     * @param sender      the issuing agency's id
     * @param senderName  its name as the policy declares it
     */
    public record Notice(
            String messageId,
            String sender,
            String senderName,
            String title,
            String body,
            String area,
            Instant publishedAt,
            Instant expiresAt) {
        public Notice {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(senderName, "senderName");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(publishedAt, "publishedAt");
        }
    }

    /**
     * @param feedId  a stable IRI naming the feed (e.g. {@code tag:liaison,2026:notices:<origin>})
     * @param updated when the feed was generated
     */
    public static String atom(String feedId, String title, List<Notice> notices, Instant updated) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("  <id>")
                .append(xml(feedId))
                .append("</id>\n  <title>")
                .append(xml(title))
                .append("</title>\n  <updated>")
                .append(updated)
                .append("</updated>\n");
        notices.stream()
                .sorted(Comparator.comparing(Notice::publishedAt)
                        .reversed()
                        .thenComparing(Notice::sender)
                        .thenComparing(Notice::messageId))
                .forEach(n -> out.append("  <entry>\n    <id>")
                        .append(xml(feedId + ":" + n.sender() + ":" + n.messageId()))
                        .append("</id>\n    <title>")
                        .append(xml(n.title()))
                        .append("</title>\n    <updated>")
                        .append(n.publishedAt())
                        .append("</updated>\n    <author><name>")
                        .append(xml(n.senderName()))
                        .append("</name></author>\n    <category term=\"")
                        .append(xml(n.area()))
                        .append("\"/>\n    <content type=\"text\">")
                        .append(xml(
                                n.body() + (n.expiresAt() == null ? "" : "\n\n(valid until " + n.expiresAt() + ")")))
                        .append("</content>\n  </entry>\n"));
        return out.append("</feed>\n").toString();
    }

    /** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    boolean allowed = c == 0x9
                            || c == 0xA
                            || c == 0xD
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000;
                    if (allowed) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
