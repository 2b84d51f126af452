package io.liaison.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class NoticeFeedTest {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    static NoticeFeed.Notice notice(String id, String title, String body, Instant at) {
        return new NoticeFeed.Notice(id, "cpd", "City Police Department", title, body, "Downtown", at, null);
    }

    @Test
    void noticesAreEntriesNewestFirstWithTheirIssuingAgency() throws Exception {
        String atom = NoticeFeed.atom(
                "tag:liaison,2026:notices",
                "Public notices",
                List.of(
                        notice("n1", "Road closed", "Main St closed until 18:00.", T),
                        notice("n2", "Shelter open", "Shelter at Lincoln High.", T.plusSeconds(60))),
                T.plusSeconds(120));

        Document doc = parse(atom);
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        var entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        Element first = (Element) entries.item(0);
        assertThat(text(first, "title")).isEqualTo("Shelter open");
        assertThat(text(first, "id")).isEqualTo("tag:liaison,2026:notices:cpd:n2");
        assertThat(text(first, "name")).isEqualTo("City Police Department");
    }

    @Test
    void markupAndControlCharactersInANoticeAreTextNotFeedStructure() throws Exception {
        String hostile = "</title><entry><title>forged</title></entry><![CDATA[x]]> & \u0000\u0007 \"q\" 'a'";
        String atom = NoticeFeed.atom("tag:x", "Public notices", List.of(notice("n<1>", hostile, hostile, T)), T);

        Document doc = parse(atom);
        var entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        assertThat(entries.getLength()).isEqualTo(1);
        assertThat(text((Element) entries.item(0), "title"))
                .isEqualTo("</title><entry><title>forged</title></entry><![CDATA[x]]> &  \"q\" 'a'");
        assertThat(atom).doesNotContain("<entry><title>forged");
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagNameNS("http://www.w3.org/2005/Atom", tag)
                .item(0)
                .getTextContent();
    }
}
