"""Typo correction from Erfa's own words, the same for the engine and the database backend.

The vocabulary is every word of the titles and texts a reader may find (public content only
for anonymous readers, so an internal report's words never surface in a correction), the
names attached to that content and the cross-language equivalents, each with the number of
documents it occurs in. An unknown word is corrected to the known word nearest to it:
fewest edits (Damerau: a swap of neighbours is one), then most documents. Words are
compared folded (æ/ä→a, ø/ö→o, å→a), so "bodo" is not a typo for "bodø".

Candidates come from a symmetric-delete index (as SymSpell): the first ``PREFIX`` letters of
every known word, and each of those with one letter deleted. A typo beyond the prefix leaves
it intact, and one typo inside it leaves a shared deletion, so no query scans the vocabulary.
The index is built once per vocabulary version (search.caches) and per audience.
"""

import re
from collections import Counter

from .caches import SPELLING_VOCABULARY
from .suggest import fold

PREFIX = 7
MIN_LENGTH = 4  # shorter words have too many neighbours to correct safely
LONG_WORD = 8  # from this length two edits are allowed, below it one
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_PART = 4


def max_edits(word):
    return 2 if len(word) >= LONG_WORD else 1


def edit_distance(a, b, limit):
    """Optimal string alignment distance (Damerau), or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _keys(word):
    prefix = word[:PREFIX]
    return {prefix, *(prefix[:i] + prefix[i + 1 :] for i in range(len(prefix)))}


class Corrector:
    """``counts``: folded word → (documents it occurs in, the form to show)."""

    def __init__(self, counts):
        self.counts = counts
        self.index = {}
        for word in counts:
            if len(word) >= MIN_LENGTH - 1:
                for key in _keys(word):
                    self.index.setdefault(key, []).append(word)

    def known(self, word):
        return fold(word) in self.counts

    def _nearest(self, folded):
        limit = max_edits(folded)
        candidates = {word for key in _keys(folded) for word in self.index.get(key, ())}
        best = None
        for candidate in candidates:
            distance = edit_distance(folded, candidate, limit)
            if distance <= limit:
                rank = (distance, -self.counts[candidate][0], candidate)
                if best is None or rank < best:
                    best = rank
        return best

    def correct_word(self, word):
        """The known word ``word`` was most likely meant as, or None (known, too short, or nothing near)."""
        folded = fold(word)
        if len(folded) < MIN_LENGTH or folded in self.counts or not folded.replace("-", "").isalpha():
            return None
        best = self._nearest(folded)
        if best is not None:
            return self.counts[best[2]][1]
        return self._correct_compound(word.lower(), folded)

    def _correct_compound(self, lower, folded):
        """A compound of a known first part and a last part one edit from a known word
        ("trygghetsalrm": trygghets + alarm), when the whole compound is not a known word."""
        for split in range(MIN_PART, len(folded) - MIN_PART + 1):
            head, tail = folded[:split], folded[split:]
            stem = head[:-1] if head[-1] in "se" and head[:-1] in self.counts else head
            if stem not in self.counts:
                continue
            best = self._nearest(tail) if tail not in self.counts else None
            if best is not None and best[0] == 1:
                return lower[:split] + self.counts[best[2]][1]
        return None

    def correct(self, text):
        """{typed word: correction} for the words of ``text`` that are unknown and have one."""
        corrections = {}
        for word in WORD.findall(text):
            fixed = self.correct_word(word)
            if fixed is not None and fold(fixed) != fold(word):
                # Shown as the reader wrote: "Steinkjr" becomes "Steinkjer".
                corrections[word] = fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed
        return corrections


def corrected_query(text, corrections):
    """``text`` with each corrected word replaced, keeping everything else as typed."""
    if not corrections:
        return text
    return WORD.sub(lambda match: corrections.get(match.group(0), match.group(0)), text)


def _page_texts(include_internal):
    """(title, text) of every page the audience may find, from Wagtail's database index."""
    from django.apps import apps

    from .documents import visible_indexable_pages

    entries = apps.get_model("wagtailsearch", "IndexEntry")
    fields = {field.name for field in entries._meta.get_fields()}
    title = "title_text" if "title_text" in fields else "title"
    body = "body_text" if "body_text" in fields else "body"
    ids = [str(pk) for pk in visible_indexable_pages(include_internal).values_list("pk", flat=True)]
    rows = []
    # Chunks keep the parameter count inside every database's limit.
    for start in range(0, len(ids), 500):
        rows.extend(entries.objects.filter(object_id__in=ids[start : start + 500]).values_list(title, body))
    return rows


def _load_counts(include_internal):
    from .suggest import vocabulary
    from .synonyms import groups

    documents = Counter()
    forms = {}

    def add(text, seen):
        for word in WORD.findall(text or ""):
            lower = word.lower()
            folded = fold(lower)
            if folded not in seen:
                seen.add(folded)
                documents[folded] += 1
            forms.setdefault(folded, lower)

    for title, body in _page_texts(include_internal):
        add(f"{title} {body}", set())
    for _kind, name, _url, _folded in vocabulary(include_internal):
        add(name, set())
    for group in groups():
        for term in group:
            add(term, set())
    return {folded: (count, forms[folded]) for folded, count in documents.items()}


def corrector(include_internal=False):
    """The corrector for an audience: public content only unless ``include_internal``."""
    include_internal = bool(include_internal)
    return SPELLING_VOCABULARY.get(lambda: Corrector(_load_counts(include_internal)), variant=include_internal)


invalidate = SPELLING_VOCABULARY.invalidate
