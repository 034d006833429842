"""The one place that talks to Elasticsearch or OpenSearch.

Wagtail's own engine backends swallow indexing errors and cannot choose analyzers
per document, so Erfa owns its engine index: this module wraps the official client
for the configured engine behind a small interface, and turns every client error
into ``EngineUnavailable`` (try again later) or ``EngineError`` (our request was bad).
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import cached_property

from .mapping import ADDED_FIELDS, index_body, mapping, schema_version

logger = logging.getLogger(__name__)

# Connections kept per engine client; gunicorn threads share one client per process.
POOL_SIZE = 16

# Only engines the suite runs against for real (OpenSearch 3.8, Elasticsearch 7.10.2, both from
# Maven Central runners). Elasticsearch 8/9 cannot be run from Maven Central here and their
# clients refuse a 7.10 server, so accepting them would be an untested promise.
ENGINES = {
    "opensearch3": "opensearch",
    "elasticsearch7": "elasticsearch",
}


def unsupported_engine_message(engine):
    """Why ``engine`` is refused, naming what is supported; None if it is supported."""
    if engine in ENGINES:
        return None
    supported = ", ".join(ENGINES)
    if engine.startswith("elasticsearch"):
        why = (
            "Elasticsearch 8 and 9 are not tested here (no 8/9 node runs from Maven Central, and their "
            "clients refuse the 7.10 server we test); run OpenSearch 3 or Elasticsearch 7.10"
        )
    else:
        why = "it is not an engine Erfa is tested against"
    return f"SEARCH_ENGINE “{engine}” is not supported: {why}. Supported: {supported}."


# Engines whose Lucene scores our long disjunctions faster by visiting every match than by
# skipping those that cannot reach the page. Elasticsearch 7.10 (Lucene 8.7): the page request
# took p95 54 ms counting every match and 86 ms not counting; OpenSearch 3 (Lucene 10) the other
# way round, 58 and 44 ms (in process, the benchmark plan's 79 distinct queries, warm engines).
COUNTS_ON_PAGE = {"elasticsearch7"}


class EngineError(Exception):
    """The engine answered, but refused the request."""


class EngineUnavailable(EngineError):
    """The engine could not be reached, timed out or is overloaded; worth retrying later."""


class QueryTooLarge(EngineError):
    """The engine refused a query for having more clauses than it allows (1 024 by default).

    The engine answers these with a 500, but it is well: a reader's long text must not trip
    the breaker and send every other reader to the database.
    """


# How OpenSearch 2–3 and Elasticsearch 7 name the refusal.
TOO_MANY_CLAUSES = ("too_many_nested_clauses", "too_many_clauses", "maxClauseCount")


def refusal(name, status, error):
    """The exception for the engine's refusal of a request with ``status`` and ``error``."""
    if any(marker in str(error) for marker in TOO_MANY_CLAUSES):
        return QueryTooLarge(f"{name} found the query too large: {error}")
    if isinstance(status, int) and (status >= 500 or status == 429):
        return EngineUnavailable(f"{name} answered {status}: {error}")
    return EngineError(f"{name} refused the request ({status}): {error}")


@dataclass(frozen=True)
class EngineConfig:
    urls: tuple
    engine: str
    index_prefix: str
    username: str = ""
    password: str = ""
    verify_certs: bool = True
    ca_certs: str = ""
    write_timeout: float = 1.0
    search_timeout: float = 2.0
    bulk_timeout: float = 30.0
    retry_after: float = 15.0

    @classmethod
    def from_settings(cls):
        conf = settings.ERFA_SEARCH
        engine = conf["ENGINE"]
        message = unsupported_engine_message(engine)
        if message:
            raise ImproperlyConfigured(message)
        return cls(
            urls=tuple(conf["URLS"]),
            engine=engine,
            index_prefix=conf["INDEX_PREFIX"],
            username=conf["USERNAME"],
            password=conf["PASSWORD"],
            verify_certs=conf["VERIFY_CERTS"],
            ca_certs=conf["CA_CERTS"],
            write_timeout=conf["WRITE_TIMEOUT"],
            search_timeout=conf["SEARCH_TIMEOUT"],
            bulk_timeout=conf["BULK_TIMEOUT"],
            retry_after=conf["RETRY_AFTER"],
        )

    @property
    def family(self):
        return ENGINES[self.engine]


def _client_module(family):
    if family == "opensearch":
        import opensearchpy

        return opensearchpy, opensearchpy.OpenSearch
    import elasticsearch

    return elasticsearch, elasticsearch.Elasticsearch


class SearchEngine:
    def __init__(self, config):
        self.config = config
        self.name = config.family
        self.alias = f"{config.index_prefix}pages"
        self.counts_on_page = config.engine in COUNTS_ON_PAGE

    @cached_property
    def _lib(self):
        return _client_module(self.config.family)[0]

    @cached_property
    def client(self):
        _lib, client_class = _client_module(self.config.family)
        options = {
            "hosts": list(self.config.urls),
            "timeout": self.config.search_timeout,
            # Retrying a timeout inside the client multiplies the wait on a hanging engine (the
            # outbox retries instead); a refused connection is retried once on each other node of
            # a cluster, so a node that is down costs a connect, not the answer.
            "max_retries": len(self.config.urls) - 1,
            "retry_on_timeout": False,
        }
        # One client serves every thread of a worker; opensearch-py's urllib3 pool otherwise
        # keeps a single connection and reconnects for each concurrent request.
        options["pool_maxsize" if self.config.family == "opensearch" else "maxsize"] = POOL_SIZE
        if self.config.username:
            options["http_auth"] = (self.config.username, self.config.password)
        if any(url.startswith("https") for url in self.config.urls):
            options["verify_certs"] = self.config.verify_certs
            if self.config.ca_certs:
                options["ca_certs"] = self.config.ca_certs
        return client_class(**options)

    # -- error handling --------------------------------------------------
    def _call(self, operation, *args, **kwargs):
        exceptions = self._lib.exceptions
        try:
            return operation(*args, **kwargs)
        except (exceptions.ConnectionError, exceptions.ConnectionTimeout) as error:
            raise EngineUnavailable(f"{self.name} is unreachable: {error}") from error
        except exceptions.TransportError as error:
            raise refusal(self.name, getattr(error, "status_code", None), error) from error

    # -- index lifecycle -------------------------------------------------
    def ping(self):
        try:
            self._call(self.client.info, request_timeout=self.config.write_timeout)
        except EngineError:
            return False
        return True

    _alias_ready = False

    def alias_exists(self, timeout=None):
        timeout = timeout or self.config.bulk_timeout
        return bool(self._call(self.client.indices.exists_alias, request_timeout=timeout, name=self.alias))

    def ensure_index(self, timeout=None):
        """Create the index behind the alias if there is none yet; returns True if it did."""
        if self.alias_exists(timeout):
            self._add_new_fields(timeout)
            self._alias_ready = True
            return False
        name = self._new_index_name()
        self._call(self.client.indices.create, request_timeout=self.config.bulk_timeout, index=name, body=index_body())
        self._call(self.client.indices.put_alias, request_timeout=self.config.bulk_timeout, index=name, name=self.alias)
        self._alias_ready = True
        return True

    def _add_new_fields(self, timeout=None):
        """Give an index made by an older release the fields added since, so documents fit again.

        Adding a field is allowed on a live index; the reconciler then rewrites each
        document, whose version changed with it.
        """
        properties = mapping()["properties"]
        self._call(
            self.client.indices.put_mapping,
            request_timeout=timeout or self.config.bulk_timeout,
            index=self.alias,
            body={"properties": {name: properties[name] for name in ADDED_FIELDS}},
        )

    def index_state(self):
        """``"missing"``, ``"empty"``, ``"outdated"`` (made with another analysis or mapping) or ``"current"``."""
        if not self.alias_exists():
            return "missing"
        mappings = self._call(
            self.client.indices.get_mapping, request_timeout=self.config.bulk_timeout, index=self.alias
        )
        schemas = {body["mappings"].get("_meta", {}).get("erfa_schema") for body in mappings.values()}
        if schemas != {schema_version()}:
            return "outdated"
        count = self._call(self.client.count, request_timeout=self.config.bulk_timeout, index=self.alias)["count"]
        return "current" if count else "empty"

    def _new_index_name(self):
        return f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.monotonic_ns() % 100000:05d}"

    def indexes_behind_alias(self):
        try:
            return sorted(
                self._call(self.client.indices.get_alias, request_timeout=self.config.bulk_timeout, name=self.alias)
            )
        except EngineError:
            return []

    def refresh(self):
        self._call(self.client.indices.refresh, request_timeout=self.config.bulk_timeout, index=self.alias)

    def drop(self):
        """Delete the alias and every index this deployment owns (tests, resets)."""
        # By name, not wildcard: engines may refuse wildcard deletes (destructive_requires_name).
        names = list(
            self._call(
                self.client.indices.get,
                request_timeout=self.config.bulk_timeout,
                index=f"{self.alias}_*",
                ignore_unavailable=True,
            )
        )
        for name in names:
            self._call(
                self.client.indices.delete,
                request_timeout=self.config.bulk_timeout,
                index=name,
                ignore_unavailable=True,
            )
        self._alias_ready = False

    # -- writing ---------------------------------------------------------
    def write(self, documents, *, timeout=None, index=None):
        """Index or delete documents: ``{doc_id: document or None}``, None meaning delete."""
        if not documents:
            return
        lines = []
        target = index or self.alias
        if index is None and not self._alias_ready:
            # A write to a missing alias would auto-create a plain index under its name.
            self.ensure_index(timeout)
        for doc_id, document in documents.items():
            if document is None:
                lines.append({"delete": {"_index": target, "_id": str(doc_id)}})
            else:
                lines.append({"index": {"_index": target, "_id": str(doc_id)}})
                lines.append(document)
        response = self._call(self.client.bulk, body=lines, request_timeout=timeout or self.config.write_timeout)
        if response.get("errors"):
            failures = [
                item
                for entry in response["items"]
                for action, item in entry.items()
                if item.get("status", 200) >= 300 and not (action == "delete" and item.get("status") == 404)
            ]
            if failures:
                raise EngineError(f"{len(failures)} document(s) were refused, e.g. {failures[0]}")

    def rebuild(self, documents, *, chunk_size=500, progress=None):
        """Fill a fresh index and swap the alias to it in one step; search keeps answering."""
        name = self._new_index_name()
        self._call(
            self.client.indices.create,
            request_timeout=self.config.bulk_timeout,
            index=name,
            body=index_body(refresh_interval="-1"),
        )
        try:
            self._fill(name, documents, chunk_size, progress)
        except EngineError:
            # Leave no half-built index behind; the alias still points at the old one.
            try:
                self._call(self.client.indices.delete, request_timeout=self.config.bulk_timeout, index=name)
            except EngineError:
                logger.warning("Could not delete the half-built index %s", name)
            raise
        old = self.indexes_behind_alias()
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self._call(
            self.client.indices.update_aliases, request_timeout=self.config.bulk_timeout, body={"actions": actions}
        )
        for index in old:
            self._call(
                self.client.indices.delete,
                request_timeout=self.config.bulk_timeout,
                index=index,
                ignore_unavailable=True,
            )
        return name

    def _fill(self, name, documents, chunk_size, progress):
        # While the engine indexes one chunk, the next is built: building documents (database
        # reads, text extraction) and the engine's indexing each keep a core busy instead of
        # taking turns (make bench-search, reindex). At most one chunk waits in memory.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="erfa-bulk") as writer:
            sending = None

            def send(chunk):
                self.write(chunk, timeout=self.config.bulk_timeout, index=name)
                return len(chunk)

            def sent(future):
                written = future.result()  # a refused chunk raises here, and stops the fill
                if progress:
                    progress(written)

            chunk = {}
            for doc_id, document in documents:
                chunk[doc_id] = document
                if len(chunk) >= chunk_size:
                    if sending is not None:
                        sent(sending)
                    sending, chunk = writer.submit(send, chunk), {}
            if sending is not None:
                sent(sending)
            if chunk:
                sent(writer.submit(send, chunk))
        self._call(
            self.client.indices.put_settings,
            request_timeout=self.config.bulk_timeout,
            index=name,
            body={"index": {"refresh_interval": "1s"}},
        )
        self._call(self.client.indices.refresh, request_timeout=self.config.bulk_timeout, index=name)

    # -- reading ---------------------------------------------------------
    def search(self, body, *, timeout=None):
        return self._call(
            self.client.search, index=self.alias, body=body, request_timeout=timeout or self.config.search_timeout
        )

    def msearch(self, bodies, *, timeout=None):
        """Several searches in one round trip, answered side by side; their responses in order.

        One failed search fails them all, as one search would: the caller falls back whole.
        """
        lines = []
        for body in bodies:
            lines += [{"index": self.alias}, body]
        answer = self._call(self.client.msearch, body=lines, request_timeout=timeout or self.config.search_timeout)
        responses = answer["responses"]
        for response in responses:
            if "error" in response:
                raise refusal(self.name, response.get("status"), response["error"])
        return responses

    def indexed_versions(self, batch_size=1000):
        """``{doc_id: version}`` for every document, read with a scroll."""
        versions = {}
        response = self._call(
            self.client.search,
            index=self.alias,
            body={"query": {"match_all": {}}, "_source": ["version"], "size": batch_size, "sort": ["_doc"]},
            scroll="1m",
            request_timeout=self.config.bulk_timeout,
        )
        scroll_id = response.get("_scroll_id")
        try:
            while response["hits"]["hits"]:
                for hit in response["hits"]["hits"]:
                    versions[hit["_id"]] = hit.get("_source", {}).get("version")
                response = self._call(
                    self.client.scroll, body={"scroll": "1m", "scroll_id": scroll_id}, request_timeout=30
                )
                scroll_id = response.get("_scroll_id", scroll_id)
        finally:
            if scroll_id:
                try:
                    self._call(self.client.clear_scroll, body={"scroll_id": [scroll_id]})
                except EngineError:
                    logger.debug("Could not clear scroll %s", scroll_id)
        return versions


_engine = None


def get_engine():
    """The configured engine, or None when Erfa runs on the database backend alone."""
    global _engine
    if not settings.ERFA_SEARCH["URLS"]:
        return None
    config = EngineConfig.from_settings()
    if _engine is None or _engine.config != config:
        _engine = SearchEngine(config)
    return _engine
