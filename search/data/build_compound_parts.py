"""Build search/data/compound_parts.txt, the word list for a dictionary_decompounder filter.

Run from the repository root:  .venv/bin/python search/data/build_compound_parts.py
(stdlib only; add --report to print why words were kept or dropped)

Sources
  (a) compound_parts_curated.txt – hand-written nb/nn/sv/da domain parts;
  (b) single-word nb/nn/sv/da terms of equivalences.txt;
  (c) the demo content corpus (imports/demo_data): frequent non-stop words of 4-14 letters that
      also occur as a part inside longer corpus words ("søknad" in "byggesøknad",
      "planering" in "skolskjutsplanering", "opptak" in "barnehageopptaket").

Filters applied to every source
  * lowercase letters only, at least 3 letters, at most MAX_LEN letters;
  * 3-letter words only from THREE_LETTER (real words that are worth splitting off);
  * no stop words (Lucene's Scandinavian/English lists + stopwords_questions.txt), no proper
    names from the demo reference data, nothing in BLOCKLIST;
  * over-split guard: a part is dropped when, in the corpus, it mostly appears inside longer
    words in a way that is not a compound boundary ("drift" in "bedrift", "svar" in "ansvar",
    "elev" in "relevant"). A match counts as a compound boundary when what is left on each side
    is empty, an inflection ending, or itself made of known words (with an optional linking
    -s-/-e-). THREE_LETTER words are exempt (kept on purpose; see the README note in
    compound_parts_curated.txt).

One script over 400 lines on purpose: it runs by path with the standard library only, and its
word tables (blocklist, inflections, stop words) are read together with the filters that use them.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEMO = REPO / "imports" / "demo_data"
OUT = HERE / "compound_parts.txt"

MIN_LEN_CORPUS, MAX_LEN_CORPUS = 4, 14
MIN_COUNT_CORPUS = 3  # "frequent": at least this many occurrences in the demo corpus
MAX_LEN = 20  # pair with max_subword_size: 20 in the token filter

# Three-letter parts worth splitting off. Left out after checking the corpus: "app" (inside
# every "rapport"), "bil" (inside "mobil", sv "utbildning", "bilag"), "sky" (inside "skyss"),
# "kol" (inside "skola"), "ikt" ("viktig"), "api" ("terapi"), "mat" ("automatisering").
# Known, accepted noise: "tid" also matches "tidlig"/"tidigare", "nav" matches "navn".
THREE_LETTER = {"fag", "lov", "lön", "mål", "nav", "rpa", "sak", "sms", "tid"}

# Parts kept although the over-split guard would drop them (reviewed by hand):
# "skole"/"skola" also match inside sv "förskola" (related meaning), "samverkan" inside the
# network name "eSamverkan", "boende" inside "hemmaboende", "betalning" inside "utbetalning".
KEEP = {"skole", "skola", "samverkan", "samverka", "boende", "betalning"}


def _words(text):
    return text.split()


# Words that match inside too many unrelated words, or carry no meaning as a part.
BLOCKLIST = frozenset(
    _words(
        """
        del dele deler deling ende ending ning ting sett rett inne hele mine lite sent gang gång svar
        land lang vare varer rolle roll kols hjem hjemme heime heim side sida bygg bygge vård larm inga
        lägga skrev direkt före enheter stille pass ledere lederne krev tema enhet filer rätt sätt søke
        økte ledning leiar leder ledare vand rutt time arbeidsavtale dispens stab stat mark gate gata
        test grense klasse handling handlingar nytte elev lege leger dels dato samt tall talet alle
        eller ikke inte ikkje være vara andre andra annen annet mest mange många flere fleire flera noen
        några egen eget egne sine sitt også även blir blev ble vart kunne kunde skulle ville hadde hade
        fikk fick fekk gikk gick gjekk gjorde gjort gjøre göra måtte måste første först siste sista
        samme samma etter efter under over inn innen inom utan uten utenfor rundt omkring mellom mellan
        bare bara berre helt heilt ganske litt mycket mykje mye veldig dette detta denne denna disse
        dessa slik sånn sådan hver varje kvar hvert tidligere tidigare senere senare tidlig tidigt
        allerede redan fortsatt fortfarande nesten nästan kanskje kanske gjerne gärna aldri aldrig
        alltid ofte ofta stor store stort stora liten litet lilla små ny nye nytt nya gammel gamle gamla
        god gode godt goda bra bedre bättre best bäst dårlig sämre fast faste lenger längre lange lengre
        kort korte satt sette sätta lagt lagd tatt tagit fått gitt gett året åren dagen dagar dager uker
        veckor veker måneder månader timer timmar kommer komma kjem går gått
        """
    )
)

# Inflection endings (nb/nn/da/sv) that turn a part into a form of itself, not a compound.
INFLECTIONS = {
    "",
    "a",
    "e",
    "n",
    "r",
    "s",
    "t",
    "ar",
    "de",
    "en",
    "er",
    "es",
    "et",
    "na",
    "ne",
    "ns",
    "or",
    "te",
    "ts",
    "ade",
    "ane",
    "ars",
    "ast",
    "ede",
    "ene",
    "ens",
    "ere",
    "ers",
    "est",
    "ets",
    "ors",
    "ande",
    "arna",
    "arne",
    "ende",
    "enes",
    "erna",
    "erne",
    "orna",
    "ernas",
    "ernes",
    "arnas",
    "ornas",
}
LINKS = "se"  # linking elements: byggesøknad, sosialhjelpssøknad

# Lucene/Elasticsearch built-in stop lists (snowball) – copied so the script stays stdlib-only.
BUILTIN_STOP = frozenset(
    _words(
        """
        og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har
        om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva
        skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres
        kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan
        ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn
        fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein
        eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva
        kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan
        so somt somme um upp vere vore verte vort varte vart och att jag hon sig för till är icke mig nu
        inte där ej vid något från efter vara vad över än dig sina här allt mycket sedan ju denna själv
        detta åt utan varit hur ni blev dessa några deras vilken sådan inom sådant varför varje vilka
        vilket sådana dina vars vårt våra ert era vilkas någon när under af ud havde ham os op hvad ind
        dog noget jo end mit have anden hende alt sit vor hos blive bliver hendes været thi jer nogle a
        an and are as be but by if in into is it not of on or such that the their then there these they
        this to was will with
        """
    )
)

WORD_RE = re.compile(r"[^\W\d_]+")
PART_RE = re.compile(r"^[a-zæøåäöüé]+$")
TEXT_KEYS_SKIP = {
    "external_id",
    "slug",
    "type",
    "status",
    "effort",
    "language",
    "country",
    "period_start",
    "period_end",
    "published",
    "last_reviewed",
    "review_interval_months",
    "parent",
    "related",
    "contact",
    "owner",
    "municipalities",
    "network",
    "national_solutions",
    "topics",
    "experiences",
    "guides",
    "members",
    "number",
    "population",
    "region",
    "value",
    "url",
}


def strings(node, skip=TEXT_KEYS_SKIP):
    """Every human-written string in a JSON value, minus ids, codes and personal data."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings(item, skip)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from strings(value, skip)


def load_corpus():
    records = []
    for name in ("experiences.jsonl", "guides.jsonl"):
        for line in (DEMO / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    for name in ("topics.json", "national_solutions.json", "themes.json", "networks.json"):
        records.extend(json.loads((DEMO / name).read_text(encoding="utf-8")))
    counts = Counter()
    for record in records:
        for text in strings(record):
            counts.update(WORD_RE.findall(text.lower()))
    return counts, records


def proper_names(records):
    """Municipality, region, network, solution and person names: never compound parts."""
    names = set()
    texts = []
    for name in ("municipalities.json", "networks.json", "national_solutions.json"):
        data = json.loads((DEMO / name).read_text(encoding="utf-8"))
        for item in data:
            for key in ("name", "full_name", "region", "slug"):
                if isinstance(item.get(key), str):
                    texts.append(item[key])
    for record in records:
        for municipality in record.get("municipalities") or []:
            texts += [municipality.get("name", ""), municipality.get("region", "")]
        contact = record.get("contact") or {}
        texts.append(contact.get("name", ""))
        texts.append(record.get("owner", "") if isinstance(record.get("owner"), str) else "")
        if isinstance(record.get("network"), str):
            texts.append(record["network"])
        texts += [s for s in record.get("national_solutions") or [] if isinstance(s, str)]
    for text in texts:
        names.update(WORD_RE.findall(text.lower()))
    return names


def load_stopwords():
    words = set(BUILTIN_STOP)
    for line in (HERE / "stopwords_questions.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return words


def load_curated():
    words = set()
    for line in (HERE / "compound_parts_curated.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        words.update(w.lower() for w in line.split())
    return words


def load_equivalence_words():
    words = set()
    for line in (HERE / "equivalences.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for item in line.split(","):
            term, _, lang = item.strip().rpartition(":")
            if lang in {"nb", "nn", "sv", "da"} and PART_RE.match(term):
                words.add(term)
    return words


class Splitter:
    """Decides whether a match of a part inside a longer word sits on a compound boundary."""

    def __init__(self, vocabulary):
        self.vocabulary = vocabulary
        self._memo = {}

    def explained(self, text, inflected=True):
        key = (text, inflected)
        if key not in self._memo:
            self._memo[key] = self._explained(text, inflected)
        return self._memo[key]

    def _explained(self, text, inflected):
        """text is a sequence of known words (>= 3 letters), optionally linked by -s-/-e-,
        and (if inflected) optionally ending in an inflection."""
        if text in self.vocabulary:
            return True
        for cut in range(3, len(text) + 1):
            head, rest = text[:cut], text[cut:]
            if head not in self.vocabulary:
                continue
            if (inflected and rest in INFLECTIONS) or (rest and self.explained(rest, inflected)):
                return True
            if rest and rest[0] in LINKS and self.explained(rest[1:], inflected):
                return True
        return False

    def left_ok(self, left):
        if not left:
            return True
        if len(left) < 3:
            return False
        if self.explained(left, False):
            return True
        return left[-1] in LINKS and len(left) > 3 and self.explained(left[:-1], False)

    def classify(self, part, word):
        """For each match of part inside word: 'good' when it starts on a compound boundary
        (word start, or after known words with an optional linking -s-/-e-), else 'bad'.
        What follows the part is not judged: endings and derivations ("kontroll|era",
        "tilgjenge|lig") are fine, it is the cut on the left that makes false parts
        ("be|drift", "an|svar", "r|elev", "for|eldre")."""
        results = []
        start = word.find(part)
        while start != -1:
            results.append("good" if self.left_ok(word[:start]) else "bad")
            start = word.find(part, start + 1)
        return results


def compound_evidence(part, splitter, longer_words):
    """Longer corpus words in which part is a real compound element: a head after known
    words ("bygge|søknad") or a modifier before known words ("skolskjuts|planering")."""
    found = []
    for word in longer_words:
        start = word.find(part)
        if start == -1 or word == part:
            continue
        left, right = word[:start], word[start + len(part) :]
        if (
            left
            and splitter.left_ok(left)
            or (
                not left
                and len(right.lstrip(LINKS)) >= 4
                and right not in INFLECTIONS
                and (splitter.explained(right) or (right[0] in LINKS and splitter.explained(right[1:])))
            )
        ):
            found.append(word)
    return found


def evidence(part, counts, splitter, longer_words):
    good = bad = 0
    good_examples, bad_examples = [], []
    for word in longer_words:
        if part not in word or word == part:
            continue
        kinds = splitter.classify(part, word)
        if "good" in kinds:
            good += counts[word]
            good_examples.append(word)
        elif "bad" in kinds:
            bad += counts[word]
            bad_examples.append(word)
    return good, bad, good_examples, bad_examples


def main(argv):
    report = "--report" in argv
    counts, records = load_corpus()
    stop = load_stopwords()
    names = proper_names(records)
    curated = load_curated()
    equivalence_words = load_equivalence_words()
    names -= curated | equivalence_words  # "Fellestjenester BYGG", "Digital post": real words

    def acceptable(word):
        if not PART_RE.match(word) or len(word) < 3 or len(word) > MAX_LEN:
            return False
        if len(word) == 3 and word not in THREE_LETTER:
            return False
        return word not in stop and word not in names and word not in BLOCKLIST

    corpus_words = {w for w in counts if PART_RE.match(w) and len(w) >= 3 and w not in stop and w not in names}
    known = corpus_words | {w for w in curated | equivalence_words if acceptable(w)}
    # stems that appear as the first element of compounds: skola -> skol(skjuts), kommune -> kommun(reform)
    hand_made = {w for w in curated | equivalence_words if acceptable(w)}
    stems = {w[:-1] for w in hand_made if len(w) >= 5 and w[-1] in "aeo"}
    vocabulary = frozenset(known | stems | THREE_LETTER)
    splitter = Splitter(vocabulary)
    longer = sorted(w for w in counts if PART_RE.match(w) and len(w) >= 6)

    # (c) corpus-derived candidates
    from_corpus = set()
    for word, count in counts.items():
        if count < MIN_COUNT_CORPUS or not MIN_LEN_CORPUS <= len(word) <= MAX_LEN_CORPUS:
            continue
        if not acceptable(word):
            continue
        good, bad, _, _ = evidence(word, counts, splitter, longer)
        if good >= bad and compound_evidence(word, splitter, longer):
            from_corpus.add(word)

    candidates = {w for w in curated | equivalence_words if acceptable(w)} | from_corpus
    candidates |= THREE_LETTER

    # over-split guard for every source
    dropped = {}
    for word in sorted(candidates):
        if word in THREE_LETTER or word in KEEP:
            continue
        good, bad, good_examples, bad_examples = evidence(word, counts, splitter, longer)
        if bad >= 3 and bad > good:
            dropped[word] = (good, bad, bad_examples[:6])
    parts = candidates - set(dropped)
    # inflected forms are redundant: the decompounder already finds "kommune" in "kommunene"
    redundant = {
        word for word in parts if any(word[:cut] in parts and word[cut:] in INFLECTIONS for cut in range(4, len(word)))
    }
    parts = sorted(parts - redundant)

    OUT.write_text("\n".join(parts) + "\n", encoding="utf-8")

    print(f"curated: {len(curated)}  equivalence words: {len(equivalence_words)}  corpus-derived: {len(from_corpus)}")
    print(f"dropped by over-split guard: {len(dropped)}  redundant inflected forms: {len(redundant)}")
    print(f"wrote {len(parts)} parts to {OUT.relative_to(REPO)}")
    if report:
        for word, (good, bad, examples) in dropped.items():
            print(f"  drop {word}: good={good} bad={bad} e.g. {', '.join(examples)}")
        new = sorted(from_corpus - curated - equivalence_words)
        print(f"corpus-only parts ({len(new)}):")
        for word in new:
            print(f"  {word}: {', '.join(compound_evidence(word, splitter, longer)[:4])}")
        risky = []
        for word in THREE_LETTER:
            good, bad, _, bad_examples = evidence(word, counts, splitter, longer)
            if bad:
                risky.append(f"{word} ({', '.join(bad_examples[:4])})")
        print("three-letter parts with non-compound matches in the corpus: " + "; ".join(sorted(risky)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
