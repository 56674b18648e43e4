"""A persistent, incremental claim index: SQLite holds the truth, FAISS and the manifest are derived.

``indexes/NAME/`` holds

``claims.sqlite``
    ``articles`` (id, content_hash, extractor_version, metadata = the Article as JSON without its text),
    ``claims`` (row = FAISS id, id, article_id, position, text_hash, json = ``Claim.model_dump_json()``),
    ``vectors`` (text_hash -> float32 blob: the embedding cache, so one sentence is embedded once,
    across articles and across runs; entries outlive their claims until :meth:`ClaimIndex.compact`),
    ``meta`` (schema version, model, model version, dimension, extractor version, generation, times).
``vectors.faiss``
    the search structure over the claims' vectors (see :mod:`checker.index.faiss_index`), stamped
    with the generation it was built for.
``manifest.json``
    what the index is, for people and tools (:class:`IndexManifest`); rewritten from SQLite when behind.
``.lock``
    the writer lock (:mod:`checker.index.locking`).

Crash safety. Every change of rows is one SQLite transaction (WAL, synchronous=FULL) that also bumps
``meta.generation``. Only after the commit are ``vectors.faiss`` then ``manifest.json`` replaced
atomically. A process killed at any point therefore leaves the old or the new generation in SQLite;
on open, a ``vectors.faiss`` whose generation or size differs from SQLite's is rebuilt from the
SQLite vectors, and a stale ``manifest.json`` is rewritten; :attr:`ClaimIndex.repaired` says why.
Embeddings are committed to the cache chunk by chunk before the claims transaction, so a long run
that is killed does not pay for its embeddings twice (cache rows are content-addressed: harmless).

Concurrency. A writer holds the exclusive lock from open to close; a second writer waits up to
``lock_timeout`` seconds, then fails naming the holder's pid. Readers (``readonly=True``) take no
lock: they read inside one SQLite read transaction (a WAL snapshot) kept until close, and use a
FAISS file only if its generation is the snapshot's (otherwise they retry while a writer is busy,
then rebuild in memory). So ``checker compare`` can run while ``checker index`` is writing, and
sees the index as it was at its open.

Call order for the pipeline::

    with ClaimIndex.open(path, model=enc.name, model_version=enc.version, dimension=enc.dimension,
                         extractor_version=EXTRACTOR_VERSION) as index:
        plan = index.plan(corpus.articles, complete=True)   # complete: unlisted articles are removed
        claims = extract_claims(plan.to_extract)            # new + changed (+ those of an old extractor)
        by_article = {a: [c for c in claims if c.article == a.id] for a in plan.to_extract}
        stats = index.apply(by_article, remove=plan.removed, encoder=enc)
        hits = index.search(index.vectors([c.id for c in claims]), k=10)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from checker.errors import IndexStoreError, InputError, ModelError
from checker.files import replace_atomically
from checker.index import faiss_index
from checker.index.faiss_index import DEFAULT_APPROX_THRESHOLD, IndexType
from checker.index.locking import WriterLock, remove_stale_temporaries, writer_active
from checker.models import Article, Claim
from checker.progress import Progress

SCHEMA_VERSION = 1
DB_FILE = "claims.sqlite"
FAISS_FILE = "vectors.faiss"
MANIFEST_FILE = "manifest.json"
EMBED_CHUNK = 2048  # texts embedded, then committed to the cache, at a time
READ_CHUNK = 8192  # vectors streamed from SQLite at a time when (re)building FAISS
_SQL_VARS = 900  # values bound in one IN (...): below every SQLite's limit
_META_KEYS = ("schema_version", "model", "model_version", "dimension", "extractor_version", "generation")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (text_hash TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    row INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    text_hash TEXT NOT NULL REFERENCES vectors(text_hash),
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_by_article ON claims(article_id, position);
CREATE INDEX IF NOT EXISTS claims_by_text ON claims(text_hash);
"""


def _checkpoint(step: str) -> None:
    """Crash-test seam: tests replace this to kill the process at a named step; it does nothing."""


class EncoderLike(Protocol):
    name: str
    dimension: int
    version: str

    def encode(self, texts: list[str], batch_size: int = 32, progress: Progress | None = None) -> np.ndarray: ...


class Counts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    articles: int
    claims: int
    vectors: int  # distinct texts in the embedding cache (>= distinct claim texts until compact())


class IndexManifest(BaseModel):
    """What an index is: the model its vectors come from, the extractor its claims come from, its size."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    model: str
    model_version: str
    dimension: int
    index_type: IndexType
    nlist: int | None = None
    extractor_version: str
    generation: int
    counts: Counts
    created: str
    updated: str


class SyncPlan(BaseModel):
    """What an index must do to match a list of articles, by content hash."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    new: tuple[Article, ...] = ()
    changed: tuple[Article, ...] = ()  # other text, or claims from another extractor version
    unchanged: tuple[Article, ...] = ()
    removed: tuple[str, ...] = ()  # indexed ids not in the list (only for a complete list)

    @property
    def to_extract(self) -> tuple[Article, ...]:
        """The articles whose claims must be (re-)extracted: new then changed."""
        return self.new + self.changed


class SyncStats(BaseModel):
    """What :meth:`ClaimIndex.apply` did. ``embedded`` + ``cached`` = distinct texts among added claims."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    added_articles: int
    removed_articles: int
    claims_added: int
    claims_removed: int
    embedded: int
    cached: int
    generation: int
    index_type: IndexType


def text_hash(text: str) -> str:
    """The embedding-cache key of a claim text (128-bit BLAKE2b of its UTF-8 bytes)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _content_hash(article: Article) -> str:
    return article.content_hash or Article.hash_text(article.text)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _shifted(progress: Progress, base: int, total: int) -> Progress:
    """A chunk's ``progress(done, chunk size)`` reported as progress over the whole run."""
    return lambda done, _size: progress(base + done, total)


def _chunks(items: Sequence[Any], size: int = _SQL_VARS) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _model_label(model: str, version: str, other_version: str) -> str:
    return model if version == other_version else f"{model} {version}"


def _missing(folder: Path) -> IndexStoreError:
    return IndexStoreError(f"no index at {folder}: run `checker index CORPUS --index {folder}` first")


def _unreadable(folder: Path, why: object) -> IndexStoreError:
    return IndexStoreError(f"index {folder} is unreadable ({why}): rebuild it with --rebuild or choose another --index")


class ClaimIndex:
    """An open claim index; get one from :meth:`ClaimIndex.open`, use it as a context manager.

    Every method raises IndexStoreError once the index is closed. One thread at a time.
    """

    def __init__(self, folder: Path, conn: sqlite3.Connection, lock: WriterLock | None, settings: dict[str, Any]):
        self.path = folder
        self.readonly = lock is None
        self.repaired: str | None = None
        """Why a derived file had to be rebuilt or rewritten at open (an interrupted writer...), or None."""
        self._conn = conn
        self._lock = lock
        self._settings = settings
        self._meta: dict[str, str] = {}
        self._vindex: Any = None
        self._manifest: IndexManifest | None = None

    # ---------------------------------------------------------------------------------- opening

    @staticmethod
    def exists(path: str | os.PathLike[str]) -> bool:
        """Whether folder ``path`` holds an index (its claim store), without opening it."""
        return (Path(path) / DB_FILE).is_file()

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        model: str,
        model_version: str,
        dimension: int,
        extractor_version: str,
        create: bool = True,
        readonly: bool = False,
        lock_timeout: float = 10.0,
        approx_threshold: int = DEFAULT_APPROX_THRESHOLD,
        nprobe: int | None = None,
        rebuild: bool = False,
    ) -> ClaimIndex:
        """Open (or create) the index in folder ``path`` for vectors of ``model`` / ``dimension``.

        ``readonly`` opens without the writer lock, on a snapshot; ``rebuild`` deletes the index
        first (writer only). ``approx_threshold`` is the vector count from which search is
        approximate (IVF); ``nprobe`` overrides the IVF search breadth.

        Raises IndexStoreError when the index is missing (and ``create`` is false or ``readonly``),
        unreadable, of another schema, built with another model, model version or dimension, or
        locked by another writer for more than ``lock_timeout`` seconds.
        """
        folder = Path(path)
        settings = {
            "model": model,
            "model_version": model_version,
            "dimension": int(dimension),
            "extractor_version": extractor_version,
            "approx_threshold": int(approx_threshold),
            "nprobe": nprobe,
            "lock_timeout": float(lock_timeout),
        }
        if readonly:
            return cls._open_reader(folder, settings)
        return cls._open_writer(folder, settings, create=create, rebuild=rebuild)

    @classmethod
    def _open_writer(cls, folder: Path, settings: dict[str, Any], *, create: bool, rebuild: bool) -> ClaimIndex:
        db_path = folder / DB_FILE
        if not create and not db_path.is_file():
            raise _missing(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise IndexStoreError(f"cannot create index folder {folder}: {e.strerror}") from None
        lock = WriterLock(folder, settings["lock_timeout"])
        conn = None
        try:
            if rebuild:
                for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", FAISS_FILE, MANIFEST_FILE):
                    (folder / name).unlink(missing_ok=True)
            remove_stale_temporaries(folder, (FAISS_FILE, MANIFEST_FILE))
            try:
                conn = sqlite3.connect(db_path, isolation_level=None, timeout=settings["lock_timeout"])
                conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # only takes effect on a new file
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                index = cls(folder, conn, lock, settings)
                fresh = not index._read_meta()
                if fresh:
                    if not create:
                        raise _missing(folder)
                    index._initialise()
            except sqlite3.DatabaseError as e:
                raise _unreadable(folder, f"{DB_FILE}: {e}") from None
            index._check_compatible()
            repaired = index._load_vectors_for_writer()
            index.repaired = None if fresh else repaired  # a new index has nothing to repair
            return index
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise

    @classmethod
    def _open_reader(cls, folder: Path, settings: dict[str, Any]) -> ClaimIndex:
        db_path = folder / DB_FILE
        if not db_path.is_file():
            raise _missing(folder)
        try:
            conn = sqlite3.connect(
                db_path.resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                timeout=settings["lock_timeout"],
            )
        except sqlite3.Error as e:
            raise _unreadable(folder, f"{DB_FILE}: {e}") from None
        index = cls(folder, conn, None, settings)
        try:
            index.repaired = index._load_vectors_for_reader()
            return index
        except sqlite3.DatabaseError as e:
            conn.close()
            raise _unreadable(folder, f"{DB_FILE}: {e}") from None
        except BaseException:
            conn.close()
            raise

    def _read_meta(self) -> bool:
        """Load ``meta``; False for a database with no tables yet (a writer was killed while creating it)."""
        has_meta = self._db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            return False
        self._meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        absent = [k for k in _META_KEYS if k not in self._meta]
        if absent:
            raise _unreadable(self.path, f"{DB_FILE} lacks {', '.join(absent)}")
        return True

    def _initialise(self) -> None:
        s = self._settings
        now = _now()
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "model": s["model"],
            "model_version": s["model_version"],
            "dimension": str(s["dimension"]),
            "extractor_version": s["extractor_version"],
            "generation": "0",
            "created": now,
            "updated": now,
        }
        with self._transaction() as conn:
            for statement in _SCHEMA.split(";"):  # not executescript(): it would commit half-way
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", meta.items())
        self._meta = meta

    def _check_compatible(self) -> None:
        m, s = self._meta, self._settings
        if m["schema_version"] != str(SCHEMA_VERSION):
            raise IndexStoreError(
                f"index {self.path} has schema version {m['schema_version']}; this checker reads version "
                f"{SCHEMA_VERSION}: rebuild it with --rebuild or choose another --index"
            )
        stored = (m["model"], m["model_version"], int(m["dimension"]))
        wanted = (s["model"], s["model_version"], s["dimension"])
        if stored != wanted:
            raise IndexStoreError(
                f"index {self.path} was built with model {_model_label(stored[0], stored[1], wanted[1])} "
                f"(dim {stored[2]}); this run uses {_model_label(wanted[0], wanted[1], stored[1])} "
                f"(dim {wanted[2]}): rebuild it with --rebuild or choose another --index"
            )

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise IndexStoreError(f"index {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back when it raises.

        Raises InputError for a constraint the caller's data breaks (a claim id taken twice),
        IndexStoreError for any other SQLite failure (disk full, read-only file).
        """
        conn = self._db
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.IntegrityError):
                raise InputError(f"cannot index these claims: {e}") from None
            if isinstance(e, sqlite3.Error):
                raise IndexStoreError(f"cannot write index {self.path}: {e}") from None
            raise

    @property
    def _generation(self) -> int:
        return int(self._meta["generation"])

    @property
    def _dimension(self) -> int:
        return int(self._meta["dimension"])

    def _try_faiss_file(self) -> tuple[Any, str | None]:
        """The FAISS file if it matches SQLite, else None and why not."""
        try:
            index, generation = faiss_index.read_index(self.path / FAISS_FILE)
        except FileNotFoundError:
            return None, f"{FAISS_FILE} was missing"
        except Exception as e:  # noqa: BLE001 - any unreadable derived file is rebuilt from SQLite
            return None, f"{FAISS_FILE} was unreadable ({e})"
        count = self._count("claims")
        if generation != self._generation:
            why = f"{FAISS_FILE} was at generation {generation}, the database at {self._generation}"
            return None, why + " (a writer was interrupted)"
        if index.d != self._dimension or index.ntotal != count:
            return None, f"{FAISS_FILE} held {index.ntotal} vectors of dim {index.d}, the database {count}"
        faiss_index.set_nprobe(index, self._settings["nprobe"])
        return index, None

    def _load_vectors_for_writer(self) -> str | None:
        index, why = self._try_faiss_file()
        try:
            if index is None:
                self._vindex = self._build_vindex()
                faiss_index.write_index(self._vindex, self.path / FAISS_FILE, self._generation)
            else:
                self._vindex = index
            self._manifest = self._compute_manifest()
            manifest_why = self._sync_manifest_file()
        except OSError as e:
            raise IndexStoreError(f"cannot write index {self.path}: {e}") from None
        reasons = [r for r in (why, manifest_why) if r]
        return f"{'; '.join(reasons)}: restored from {DB_FILE}" if reasons else None

    def _load_vectors_for_reader(self) -> str | None:
        deadline = time.monotonic() + self._settings["lock_timeout"]
        while True:
            self._db.execute("BEGIN")  # the snapshot this reader sees until close()
            if not self._read_meta():
                raise _missing(self.path)
            self._check_compatible()
            index, why = self._try_faiss_file()
            if index is not None:
                self._vindex = index
                break
            if writer_active(self.path) and time.monotonic() < deadline:
                self._db.execute("ROLLBACK")  # a writer is between its commit and its rename: look again
                time.sleep(0.05)
                continue
            self._vindex = self._build_vindex()
            break
        self._manifest = self._compute_manifest()
        return f"{why}: rebuilt in memory from {DB_FILE}" if why else None

    def _sync_manifest_file(self) -> str | None:
        """Rewrite ``manifest.json`` unless it already says what SQLite says; returns why it was rewritten."""
        path = self.path / MANIFEST_FILE
        try:
            on_disk = IndexManifest.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            why = f"{MANIFEST_FILE} was missing"
        except (OSError, ValueError) as e:
            why = f"{MANIFEST_FILE} was unreadable ({type(e).__name__})"
        else:
            if on_disk == self.manifest:
                return None
            why = f"{MANIFEST_FILE} was behind the database"
        self._write_manifest()
        return why

    def _write_manifest(self) -> None:
        data = (self.manifest.model_dump_json(indent=2) + "\n").encode("utf-8")
        replace_atomically(self.path / MANIFEST_FILE, lambda f: f.write(data))

    # ---------------------------------------------------------------------------------- state

    def _count(self, table: Literal["articles", "claims", "vectors"]) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names

    def _compute_manifest(self) -> IndexManifest:
        m = self._meta
        kind = faiss_index.index_type(self._vindex)
        return IndexManifest(
            schema_version=int(m["schema_version"]),
            model=m["model"],
            model_version=m["model_version"],
            dimension=int(m["dimension"]),
            index_type=kind,
            nlist=self._vindex.nlist if kind == "ivf" else None,
            extractor_version=m["extractor_version"],
            generation=int(m["generation"]),
            counts=Counts(
                articles=self._count("articles"), claims=self._count("claims"), vectors=self._count("vectors")
            ),
            created=m.get("created", ""),
            updated=m.get("updated", ""),
        )

    @property
    def manifest(self) -> IndexManifest:
        """What this index is and holds (the content of ``manifest.json``)."""
        if self._manifest is None:
            raise IndexStoreError(f"index {self.path} is closed")
        return self._manifest

    @property
    def stale_extractor(self) -> bool:
        """True when some article's claims come from another extractor version than this run's.

        :meth:`plan` lists those articles under ``changed``; re-extract and :meth:`apply` them
        (their vectors stay cached, so that costs no embedding).
        """
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE extractor_version != ? LIMIT 1", (self._settings["extractor_version"],)
        ).fetchone()
        return row is not None

    # ---------------------------------------------------------------------------------- FAISS

    def _rows_and_vectors(self, query: str, params: Sequence[Any]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        dim = self._dimension
        cursor = self._db.execute(query, params)
        while batch := cursor.fetchmany(READ_CHUNK):
            rows = np.fromiter((r[0] for r in batch), dtype=np.int64, count=len(batch))
            blob = b"".join(r[1] for r in batch)
            if len(blob) != len(batch) * dim * 4:
                raise _unreadable(self.path, f"{DB_FILE} holds vectors that are not {dim} float32 values")
            yield rows, np.frombuffer(blob, dtype=np.float32).reshape(len(batch), dim)

    def _vectors_after(self, row: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return self._rows_and_vectors(
            "SELECT c.row, v.vector FROM claims c JOIN vectors v ON v.text_hash = c.text_hash "
            "WHERE c.row > ? ORDER BY c.row",
            (row,),
        )

    def _sample(self, m: int) -> np.ndarray:
        rows = np.fromiter((r[0] for r in self._db.execute("SELECT row FROM claims ORDER BY row")), dtype=np.int64)
        picked = rows[np.unique(np.linspace(0, len(rows) - 1, num=min(m, len(rows))).astype(np.int64))]
        parts = [
            vecs
            for chunk in _chunks(picked.tolist())
            for _, vecs in self._rows_and_vectors(
                "SELECT c.row, v.vector FROM claims c JOIN vectors v ON v.text_hash = c.text_hash "
                f"WHERE c.row IN ({_marks(len(chunk))})",
                chunk,
            )
        ]
        return np.concatenate(parts) if parts else np.zeros((0, self._dimension), dtype=np.float32)

    def _build_vindex(self) -> Any:
        return faiss_index.build_index(
            self._dimension,
            self._count("claims"),
            lambda: self._vectors_after(0),
            self._sample,
            threshold=self._settings["approx_threshold"],
            nprobe=self._settings["nprobe"],
        )

    def _vectors_index(self) -> Any:
        if self._vindex is None:  # an apply() failed after its commit: rebuild from the truth
            self._vindex = self._build_vindex()
        return self._vindex

    # ---------------------------------------------------------------------------------- reading

    def article_hashes(self) -> dict[str, str]:
        """Indexed article id -> content hash."""
        return dict(self._db.execute("SELECT id, content_hash FROM articles").fetchall())

    def same_text(self, articles: Sequence[Article]) -> set[str]:
        """The ids of the indexed articles whose text is one of ``articles``' (the same content hash): one article
        under another path, whatever either is named."""
        hashes = list(dict.fromkeys(_content_hash(a) for a in articles))
        return {
            aid
            for chunk in _chunks(hashes)
            for (aid,) in self._db.execute(
                f"SELECT id FROM articles WHERE content_hash IN ({_marks(len(chunk))})", chunk
            )
        }

    def plan(self, articles: Sequence[Article], *, complete: bool = False) -> SyncPlan:
        """Sort ``articles`` into new, changed and unchanged by content hash (and extractor version).

        ``complete=True`` says the list is the whole corpus: indexed articles absent from it are
        then listed as ``removed``; otherwise nothing is.

        Raises InputError when two articles share an id.
        """
        indexed = dict(self._db.execute("SELECT id, content_hash || ' ' || extractor_version FROM articles"))
        version = self._settings["extractor_version"]
        new, changed, unchanged, seen = [], [], [], set()
        for article in articles:
            if article.id in seen:
                raise InputError(f"article {article.id} is listed twice")
            seen.add(article.id)
            if article.id not in indexed:
                new.append(article)
            elif indexed[article.id] != f"{_content_hash(article)} {version}":
                changed.append(article)
            else:
                unchanged.append(article)
        removed = sorted(set(indexed) - seen) if complete else []
        return SyncPlan(new=tuple(new), changed=tuple(changed), unchanged=tuple(unchanged), removed=tuple(removed))

    def claims(self, article_ids: Iterable[str] | None = None) -> list[Claim]:
        """The claims of ``article_ids`` (all when None), article by article in sentence order."""
        if article_ids is None:
            cursor = self._db.execute("SELECT json FROM claims ORDER BY article_id, position")
            return [Claim.model_validate_json(j) for (j,) in cursor]
        ids = list(dict.fromkeys(article_ids))
        order = {a: i for i, a in enumerate(ids)}
        found: list[tuple[int, int, str]] = []
        for chunk in _chunks(ids):
            found += [
                (order[a], p, j)
                for a, p, j in self._db.execute(
                    f"SELECT article_id, position, json FROM claims WHERE article_id IN ({_marks(len(chunk))})", chunk
                )
            ]
        return [Claim.model_validate_json(j) for _, _, j in sorted(found)]

    def claim(self, claim_id: str) -> Claim:
        """The claim with id ``claim_id``.

        Raises IndexStoreError when the index holds no such claim.
        """
        row = self._db.execute("SELECT json FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            raise IndexStoreError(f"index {self.path} holds no claim {claim_id}")
        return Claim.model_validate_json(row[0])

    def articles_of(self, claim_ids: Iterable[str]) -> dict[str, str]:
        """The article of each of ``claim_ids`` the index holds (claim id -> article id)."""
        found: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(claim_ids))):
            query = f"SELECT id, article_id FROM claims WHERE id IN ({_marks(len(chunk))})"
            found.update(self._db.execute(query, chunk))
        return found

    def vectors(self, claim_ids: Sequence[str]) -> np.ndarray:
        """The stored vectors of ``claim_ids``, one row each in the order given, float32 (n, dimension).

        Raises IndexStoreError when one of the claims is not in the index.
        """
        ids = list(claim_ids)
        out = np.zeros((len(ids), self._dimension), dtype=np.float32)
        where: dict[str, list[int]] = {}
        for i, claim_id in enumerate(ids):
            where.setdefault(claim_id, []).append(i)
        found = 0
        unique = list(where)
        for chunk in _chunks(unique):
            query = (
                "SELECT c.id, v.vector FROM claims c JOIN vectors v ON v.text_hash = c.text_hash "
                f"WHERE c.id IN ({_marks(len(chunk))})"
            )
            for claim_id, blob in self._db.execute(query, chunk):
                out[where[claim_id]] = np.frombuffer(blob, dtype=np.float32)
                found += 1
        if found != len(unique):
            absent = next(c for c in unique if not self._db.execute("SELECT 1 FROM claims WHERE id=?", (c,)).fetchone())
            raise IndexStoreError(f"index {self.path} holds no claim {absent}")
        return out

    def cached_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of the given texts that the embedding cache holds (claim sentences and quotes), by text."""
        wanted = {text_hash(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(list(wanted)):
            for h, blob in self._db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE text_hash IN ({_marks(len(chunk))})", chunk
            ):
                found[wanted[h]] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """For each query vector, up to ``k`` (claim id, inner product) pairs, best first.

        Approximate (IVF) past the index's threshold, exact below. ``k`` above the claim count gives
        every claim; an empty index gives empty lists.

        Raises IndexStoreError when the vectors' dimension is not the index's.
        """
        queries = np.asarray(vectors, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries[None, :]
        if queries.ndim != 2 or queries.shape[1] != self._dimension:
            raise IndexStoreError(
                f"query vectors have shape {tuple(np.shape(vectors))}; "
                f"index {self.path} holds dimension {self._dimension}"
            )
        index = self._vectors_index()
        k = min(int(k), index.ntotal)
        if k <= 0 or not len(queries):
            return [[] for _ in range(len(queries))]
        scores, rows = faiss_index.search(index, queries, k)
        wanted = sorted({int(r) for r in rows.ravel() if r >= 0})
        ids: dict[int, str] = {}
        for chunk in _chunks(wanted):
            ids.update(self._db.execute(f"SELECT row, id FROM claims WHERE row IN ({_marks(len(chunk))})", chunk))
        if len(ids) != len(wanted):  # never answer with a claim that does not exist
            raise IndexStoreError(f"index {self.path} is inconsistent: {FAISS_FILE} names claims the database lacks")
        return [
            [(ids[int(r)], float(s)) for s, r in zip(srow, rrow, strict=True) if r >= 0]
            for srow, rrow in zip(scores, rows, strict=True)
        ]

    # ---------------------------------------------------------------------------------- writing

    def _check_writable(self) -> None:
        if self._lock is None:
            raise IndexStoreError(f"index {self.path} was opened read-only")
        if self._manifest is None:
            raise IndexStoreError(f"index {self.path} is closed")

    def _check_encoder(self, encoder: EncoderLike) -> None:
        m = self._meta
        got = (encoder.name, getattr(encoder, "version", m["model_version"]), int(encoder.dimension))
        want = (m["model"], m["model_version"], int(m["dimension"]))
        if got != want:
            raise IndexStoreError(
                f"index {self.path} was built with model {_model_label(want[0], want[1], got[1])} (dim {want[2]}); "
                f"this run uses {_model_label(got[0], got[1], want[1])} (dim {got[2]}): "
                "rebuild it with --rebuild or choose another --index"
            )

    def _cached(self, hashes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(hashes):
            query = f"SELECT text_hash FROM vectors WHERE text_hash IN ({_marks(len(chunk))})"
            found.update(h for (h,) in self._db.execute(query, chunk))
        return found

    def _embed(self, todo: list[tuple[str, str]], encoder: EncoderLike, progress: Progress | None) -> None:
        """Embed ``(hash, text)`` pairs and commit them to the cache, one chunk at a time."""
        total, done = len(todo), 0
        for chunk in _chunks(todo, EMBED_CHUNK):
            texts = [t for _, t in chunk]
            if progress is None:
                raw = encoder.encode(texts)
            else:
                raw = encoder.encode(texts, progress=_shifted(progress, done, total))
            vectors = np.asarray(raw, dtype=np.float32)
            if vectors.shape != (len(chunk), self._dimension) or not np.isfinite(vectors).all():
                raise ModelError(
                    f"encoder {encoder.name} returned {vectors.shape} vectors (or non-finite values) "
                    f"for {len(chunk)} texts of dimension {self._dimension}"
                )
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            # scores are cosines only on unit rows; the store holds float32 bytes
            vectors = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32, copy=False)
            with self._transaction() as conn:
                conn.executemany(
                    "INSERT OR IGNORE INTO vectors(text_hash, vector) VALUES (?, ?)",
                    ((h, v.tobytes()) for (h, _), v in zip(chunk, vectors, strict=True)),
                )
            done += len(chunk)
            _checkpoint("after_embed_chunk")

    def apply(
        self,
        add: Mapping[Article, Sequence[Claim]] | Iterable[tuple[Article, Sequence[Claim]]] = (),
        remove: Iterable[str] = (),
        *,
        encoder: EncoderLike,
        progress: Progress | None = None,
    ) -> SyncStats:
        """Remove articles ``remove``, then add (or replace) each article of ``add`` with its claims.

        Texts already in the vector cache are not embedded again. Rows change in one SQLite
        transaction; then ``vectors.faiss`` and ``manifest.json`` are replaced atomically. An
        article may carry no claims (it is then known, and unchanged next time). ``progress(done,
        total)`` follows the embedding.

        Raises InputError when a claim's ``article`` is not the article it is listed under or two
        claims share an id; IndexStoreError when opened read-only, when ``encoder`` is not the index's
        model, or when the index cannot be written; ModelError when the encoder returns bad vectors.
        """
        self._check_writable()
        self._check_encoder(encoder)
        pairs = list(add.items()) if isinstance(add, Mapping) else list(add)
        removals = list(dict.fromkeys(remove))
        texts = self._validate(pairs)

        cached = self._cached(list(texts))
        self._embed([(h, t) for h, t in texts.items() if h not in cached], encoder, progress)

        if not pairs and not self._known(removals):  # nothing to do: leave the files as they are
            return self._stats(0, 0, 0, 0, 0, 0)
        version = self._settings["extractor_version"]
        meta = {"generation": str(self._generation + 1), "extractor_version": version, "updated": _now()}
        with self._transaction() as conn:
            old_rows: list[int] = []
            for chunk in _chunks(list(dict.fromkeys(removals + [a.id for a, _ in pairs]))):
                marks = _marks(len(chunk))
                old_rows += [r for (r,) in conn.execute(f"SELECT row FROM claims WHERE article_id IN ({marks})", chunk)]
                conn.execute(f"DELETE FROM claims WHERE article_id IN ({marks})", chunk)
            removed_articles = 0
            for chunk in _chunks(removals):
                deleted = conn.execute(f"DELETE FROM articles WHERE id IN ({_marks(len(chunk))})", chunk)
                removed_articles += deleted.rowcount
            for chunk in _chunks([a.id for a, _ in pairs]):
                conn.execute(f"DELETE FROM articles WHERE id IN ({_marks(len(chunk))})", chunk)
            last = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'claims'").fetchone()
            last_row = last[0] if last else 0  # AUTOINCREMENT: every row added below is greater
            conn.executemany(
                "INSERT INTO articles(id, content_hash, extractor_version, metadata) VALUES (?, ?, ?, ?)",
                ((a.id, _content_hash(a), version, a.model_dump_json(exclude={"text"})) for a, _ in pairs),
            )
            conn.executemany(
                "INSERT INTO claims(id, article_id, position, text_hash, json) VALUES (?, ?, ?, ?, ?)",
                (
                    (c.id, a.id, i, text_hash(c.text), c.model_dump_json())
                    for a, claims in pairs
                    for i, c in enumerate(claims)
                ),
            )
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", meta.items())
            _checkpoint("before_commit")
        self._meta.update(meta)
        _checkpoint("after_commit")

        self._update_derived(old_rows, last_row)
        claims_added = sum(len(claims) for _, claims in pairs)
        return self._stats(
            len(pairs), removed_articles, claims_added, len(old_rows), len(texts) - len(cached), len(cached)
        )

    def _stats(
        self, added: int, removed: int, claims_added: int, claims_removed: int, embedded: int, cached: int
    ) -> SyncStats:
        return SyncStats(
            added_articles=added,
            removed_articles=removed,
            claims_added=claims_added,
            claims_removed=claims_removed,
            embedded=embedded,
            cached=cached,
            generation=self._generation,
            index_type=self.manifest.index_type,
        )

    def _known(self, article_ids: Sequence[str]) -> bool:
        """Whether any of ``article_ids`` is indexed."""
        return any(
            self._db.execute(f"SELECT 1 FROM articles WHERE id IN ({_marks(len(chunk))}) LIMIT 1", chunk).fetchone()
            for chunk in _chunks(article_ids)
        )

    def _validate(self, pairs: list[tuple[Article, Sequence[Claim]]]) -> dict[str, str]:
        """Check what apply() was given; returns text hash -> text of the claims, first occurrence first."""
        articles: set[str] = set()
        claim_ids: set[str] = set()
        texts: dict[str, str] = {}
        for article, claims in pairs:
            if article.id in articles:
                raise InputError(f"article {article.id} is given twice")
            articles.add(article.id)
            for c in claims:
                if c.article != article.id:
                    raise InputError(f"claim {c.id} belongs to article {c.article}, not {article.id}")
                if c.id in claim_ids:
                    raise InputError(f"claim id {c.id} is given twice")
                claim_ids.add(c.id)
                texts.setdefault(text_hash(c.text), c.text)
                if c.quote:  # quoted words too: the same quote across languages is found by its vector
                    texts.setdefault(text_hash(c.quote), c.quote)
        return texts

    def _update_derived(self, old_rows: list[int], last_row: int, *, rebuild: bool = False) -> None:
        """Bring FAISS, then the manifest, to the committed generation and write both atomically.

        ``old_rows`` left the database and the rows after ``last_row`` entered it; ``rebuild`` (or
        an index lost to an earlier failure) builds FAISS afresh from SQLite instead.
        """
        try:
            index, self._vindex = self._vindex, None  # None until consistent again: see _vectors_index()
            count = self._count("claims")
            if rebuild or index is None or faiss_index.needs_rebuild(index, count, self._settings["approx_threshold"]):
                index = self._build_vindex()
            else:
                faiss_index.remove(index, old_rows)
                for rows, vecs in self._vectors_after(last_row):
                    faiss_index.add(index, rows, vecs)
            if index.ntotal != count:
                raise IndexStoreError(f"index {self.path}: FAISS holds {index.ntotal} vectors for {count} claims")
            self._vindex = index
            faiss_index.write_index(index, self.path / FAISS_FILE, self._generation)
            _checkpoint("after_faiss_replace")
            self._manifest = self._compute_manifest()
            self._write_manifest()
            _checkpoint("after_manifest_replace")
        except OSError as e:  # the committed rows stay; the next open rebuilds the files from them
            raise IndexStoreError(f"cannot write index {self.path}: {e}") from None

    def compact(self) -> int:
        """Drop cached vectors no claim uses, give the space back, retrain FAISS; returns how many were dropped.

        Raises IndexStoreError when opened read-only or the index cannot be written.
        """
        self._check_writable()
        now = _now()
        with self._transaction() as conn:
            dropped = conn.execute("DELETE FROM vectors WHERE text_hash NOT IN (SELECT text_hash FROM claims)").rowcount
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('updated', ?)", (now,))
        try:
            self._db.execute("PRAGMA incremental_vacuum")  # give the freed pages back to the file system
        except sqlite3.Error as e:
            raise IndexStoreError(f"cannot write index {self.path}: {e}") from None
        self._meta["updated"] = now
        self._update_derived([], 0, rebuild=True)  # IVF lists trained afresh
        return dropped

    # ---------------------------------------------------------------------------------- closing

    def close(self) -> None:
        """Release the snapshot or the writer lock; a second call does nothing."""
        if self._conn is None:
            return
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._conn.close()
        self._conn = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
        self._vindex = None
        self._manifest = None

    def __enter__(self) -> ClaimIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "readonly" if self.readonly else "writer"
        return f"ClaimIndex({str(self.path)!r}, {mode})"
