"""Validate the curated search language data in search/data/.

Run: .venv/bin/python search/data/validate.py   (stdlib only; exit code 1 on errors)

Checks
  equivalences.txt        every group has >= 2 well-formed term:lang items, lang in
                          {nb, nn, sv, da, en}, terms lowercase, no term string in two groups,
                          no duplicate item inside a group, no group of one language only
  compound_parts.txt      one lowercase alphabetic word per line, >= 3 letters, sorted
                          (Unicode code point order), no duplicates, 1 500-4 000 words
  stopwords_questions.txt one lowercase word per line, # headers, 50-150 words, no duplicates,
                          no stop word that is also an equivalence term or a compound part
  stopwords_function.txt  one lowercase word per line under a # header for each of nb/nn, sv,
                          da and en, no duplicates within a section, 300-500 words in all
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = {"nb", "nn", "sv", "da", "en"}
TERM_RE = re.compile(r"^[a-z0-9æøåäöüéè][a-z0-9æøåäöüéè .'/-]*[a-z0-9æøåäöüéè]$|^[a-z0-9æøåäöü]$")
WORD_RE = re.compile(r"^[a-zæøåäöüé]+$")


def content_lines(path):
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def check_equivalences(errors, stats):
    path = HERE / "equivalences.txt"
    seen = {}  # term string -> line number of its group
    groups = 0
    terms = 0
    per_lang = defaultdict(int)
    for number, line in content_lines(path):
        groups += 1
        items = [item.strip() for item in line.split(",")]
        if len(items) < 2:
            errors.append(f"equivalences:{number}: fewer than 2 terms")
        in_group = set()
        langs = set()
        for item in items:
            term, sep, lang = item.rpartition(":")
            if not sep or not term:
                errors.append(f"equivalences:{number}: item without :lang tag: {item!r}")
                continue
            if lang not in LANGS:
                errors.append(f"equivalences:{number}: unknown language tag {lang!r} in {item!r}")
            if term != term.lower() or not TERM_RE.match(term) or "  " in term:
                errors.append(f"equivalences:{number}: malformed term {term!r}")
            if (term, lang) in in_group:
                errors.append(f"equivalences:{number}: duplicate item {item!r}")
            in_group.add((term, lang))
            langs.add(lang)
            per_lang[lang] += 1
            terms += 1
            if term in seen and seen[term] != number:
                errors.append(f"equivalences:{number}: term {term!r} also in group on line {seen[term]}")
            seen.setdefault(term, number)
        if len(langs) < 2:
            errors.append(f"equivalences:{number}: all terms in one language {sorted(langs)}")
        if len({term for term, _ in in_group}) < 2:
            errors.append(f"equivalences:{number}: the same word in every language, nothing to expand")
    stats["equivalence groups"] = groups
    stats["equivalence items"] = terms
    stats["distinct equivalence terms"] = len(seen)
    stats["items per language"] = dict(sorted(per_lang.items()))
    return set(seen)


def check_compound_parts(errors, stats):
    path = HERE / "compound_parts.txt"
    words = path.read_text(encoding="utf-8").splitlines()
    for number, word in enumerate(words, 1):
        if not WORD_RE.match(word):
            errors.append(f"compound_parts:{number}: not a lowercase word: {word!r}")
        elif len(word) < 3:
            errors.append(f"compound_parts:{number}: shorter than 3 letters: {word!r}")
    if words != sorted(words):
        errors.append("compound_parts: not sorted")
    if len(words) != len(set(words)):
        dupes = sorted({w for w in words if words.count(w) > 1})
        errors.append(f"compound_parts: duplicates {dupes[:20]}")
    if not 1500 <= len(words) <= 4000:
        errors.append(f"compound_parts: {len(words)} words, expected 1 500-4 000")
    stats["compound parts"] = len(words)
    stats["3-letter compound parts"] = sorted(w for w in words if len(w) == 3)
    return set(words)


def check_stopwords(errors, stats, equivalence_terms, parts):
    path = HERE / "stopwords_questions.txt"
    words = []
    headers = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            headers += bool(re.match(r"# (nb|nn|sv|da|en) ", line))
            continue
        if not WORD_RE.match(line):
            errors.append(f"stopwords: not a lowercase word: {line!r}")
        words.append(line)
    if len(words) != len(set(words)):
        errors.append(f"stopwords: duplicates {sorted({w for w in words if words.count(w) > 1})}")
    if not 50 <= len(words) <= 150:
        errors.append(f"stopwords: {len(words)} words, expected 50-150")
    clash = sorted(set(words) & equivalence_terms)
    if clash:
        errors.append(f"stopwords: also equivalence terms: {clash}")
    clash = sorted(set(words) & parts)
    if clash:
        errors.append(f"stopwords: also compound parts: {clash}")
    stats["stop words"] = len(words)
    stats["stop word language sections"] = headers
    if headers < 5:
        errors.append("stopwords: expected a # header for each of nb, nn, sv, da, en")


def check_function_words(errors, stats):
    path = HERE / "stopwords_function.txt"
    sections = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            match = re.match(r"# (nb/nn|sv|da|en): ", line)
            if match:
                current = sections.setdefault(match.group(1), [])
            continue
        if not line:
            continue
        if current is None:
            errors.append(f"function words: {line!r} before the first language header")
            continue
        if not WORD_RE.match(line):
            errors.append(f"function words: not a lowercase word: {line!r}")
        current.append(line)
    for section, words in sections.items():
        if len(words) != len(set(words)):
            errors.append(
                f"function words: duplicates in {section}: {sorted({w for w in words if words.count(w) > 1})}"
            )
    if set(sections) != {"nb/nn", "sv", "da", "en"}:
        errors.append(f"function words: sections {sorted(sections)}, expected nb/nn, sv, da and en")
    total = sum(len(words) for words in sections.values())
    if not 300 <= total <= 500:
        errors.append(f"function words: {total} words, expected 300-500")
    if "it" in sections.get("en", []):
        errors.append("function words: 'it' is a content word here (IT-drift)")
    stats["function words"] = total


def main():
    errors = []
    stats = {}
    equivalence_terms = check_equivalences(errors, stats)
    parts = check_compound_parts(errors, stats)
    check_stopwords(errors, stats, equivalence_terms, parts)
    check_function_words(errors, stats)
    for key, value in stats.items():
        print(f"{key}: {value}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for error in errors:
            print("  " + error)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
