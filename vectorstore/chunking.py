"""Sentence- and token-aware chunking with offsets into the source article.

A chunk is a run of whole sentences. Its size and overlap are counted in LLM
tokens (tiktoken), and it always fits the embedding model's window counted in
the model's own word pieces, so the model never truncates a chunk silently. A
sentence longer than the window is cut at word-piece boundaries.

Each chunk records, for every sentence in it, where the sentence sits in the
chunk text and in the source text, so any quote from a chunk maps back to an
exact ``(start, end)`` span of the article.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vectorstore.articles import Article
from vectorstore.errors import ConfigurationError
from vectorstore.passages import without_credits
from vectorstore.sentences import Span, split_with_credits
from vectorstore.tokens import count_tokens

DEFAULT_CHUNK_TOKENS = 160
DEFAULT_OVERLAP_TOKENS = 32
# Bump when chunks change (v4: credit lines; v5, v6: a stop whose space was lost, or with a
# hyphen after it, ends a sentence): forces re-embedding.
CHUNKER_VERSION = "sentences-v6"

# Word-piece counter: texts -> list of counts (no special tokens); plus a cutter
# that splits one text into pieces of at most N word pieces, as spans.
WordPieceCounter = Callable[[list[str]], list[int]]
WordPieceCutter = Callable[[str, int], list[Span]]


@dataclass(frozen=True)
class Chunk:
    """A passage of an article.

    Attributes:
        text: The passage: its sentences joined by a space or a line break.
        index: Position of the chunk within its article.
        start: Offset of the first sentence in the article text.
        end: Offset just past the last sentence.
        sentences: ``(chunk_offset, source_start, source_end)`` per sentence.
        headline: The article's headline when it is indexed with the chunk
            (a real title that the text itself does not start with), else "".
        credits: Positions in ``sentences`` of photo-credit lines, each right after
            its caption ("Jim Watson/AFP via Getty Images"): part of the passage, so
            an answer can quote one, but not embedded or searched.
    """

    text: str
    index: int
    start: int
    end: int
    sentences: tuple[tuple[int, int, int], ...]
    headline: str = ""
    credits: tuple[int, ...] = ()

    @property
    def embed_text(self) -> str:
        """What is embedded and searched: the headline, then the passage without credits."""
        text = without_credits(self.text, self.sentences, self.credits)
        return f"{self.headline}\n{text}" if self.headline else text

    def spans_json(self) -> str:
        """The sentence table as compact JSON, for a store's metadata."""
        return json.dumps([list(s) for s in self.sentences], separators=(",", ":"))

    def credits_json(self) -> str:
        """The credit lines' positions in the sentence table as JSON ("" when none)."""
        return json.dumps(list(self.credits)) if self.credits else ""


def source_span(sentences: Sequence[Sequence[int]], chunk_start: int, chunk_end: int) -> Span:
    """Maps ``[chunk_start, chunk_end)`` of a chunk's text to the source article.

    The range must lie within one sentence of the chunk (quotes always do).

    Raises:
        ValueError: the range crosses sentences or lies outside the chunk.
    """
    for offset, start, end in sentences:
        if offset <= chunk_start and chunk_end <= offset + (end - start):
            return start + chunk_start - offset, start + chunk_end - offset
    raise ValueError(f"range {chunk_start}:{chunk_end} is not inside one sentence of the chunk")


class Chunker:
    """Splits articles into chunks that fit the embedding model's window.

    Example:
        >>> chunker = Chunker.for_embeddings(embeddings)  # doctest: +SKIP
        >>> chunks = chunker.split(article)               # doctest: +SKIP

    Args:
        count_word_pieces: Counts the embedding model's word pieces of texts.
        cut_word_pieces: Cuts a text into spans of at most N word pieces.
        max_word_pieces: The model window for content (window minus specials).
        chunk_tokens: Target chunk size in LLM (tiktoken) tokens.
        overlap_tokens: Sentences carried over from the previous chunk, up to
            this many LLM tokens.
    """

    def __init__(
        self,
        count_word_pieces: WordPieceCounter,
        cut_word_pieces: WordPieceCutter,
        max_word_pieces: int,
        chunk_tokens: int = DEFAULT_CHUNK_TOKENS,
        overlap_tokens: int = DEFAULT_OVERLAP_TOKENS,
    ) -> None:
        if max_word_pieces <= 0:
            raise ConfigurationError(f"max_word_pieces must be > 0, got {max_word_pieces}")
        if chunk_tokens <= 0:
            raise ConfigurationError(f"chunk_tokens must be > 0, got {chunk_tokens}")
        if not 0 <= overlap_tokens < chunk_tokens:
            raise ConfigurationError(
                f"overlap_tokens must be >= 0 and < chunk_tokens ({chunk_tokens}), "
                f"got {overlap_tokens}"
            )
        self.count_word_pieces = count_word_pieces
        self.cut_word_pieces = cut_word_pieces
        self.max_word_pieces = max_word_pieces
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens

    @classmethod
    def for_embeddings(cls, embeddings: object, **kwargs: int) -> Chunker:
        """A chunker whose window is that of ``embeddings`` (a SentenceTransformerEmbeddings).

        Word pieces are counted with the model's own ``tokenizers`` tokenizer, read from
        its folder: no model load, so a re-ingest where nothing changed needs no model.
        """
        window = embeddings.content_window  # type: ignore[attr-defined]

        def count(texts: list[str]) -> list[int]:
            tokenizer = embeddings.word_pieces  # type: ignore[attr-defined]
            return [len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]

        def cut(text: str, limit: int) -> list[Span]:
            tokenizer = embeddings.word_pieces  # type: ignore[attr-defined]
            offsets = tokenizer.encode(text, add_special_tokens=False).offsets
            pieces: list[Span] = []
            begin = 0
            while begin < len(offsets):
                stop = min(begin + limit, len(offsets))
                # Prefer to cut where a word starts, so no word is split in two.
                boundary = stop
                while stop < len(offsets) and boundary > begin + 1:
                    if offsets[boundary][0] > offsets[boundary - 1][1]:
                        break
                    boundary -= 1
                stop = boundary if boundary > begin + 1 else stop
                pieces.append((offsets[begin][0], offsets[stop - 1][1]))
                begin = stop
            return pieces

        return cls(count, cut, window, **kwargs)

    @property
    def settings_id(self) -> str:
        """Identifies the chunker settings; stored with the collection."""
        sizes = f"{self.chunk_tokens}t/{self.overlap_tokens}o/{self.max_word_pieces}wp"
        return f"{CHUNKER_VERSION}/{sizes}"

    def split(self, article: Article) -> list[Chunk]:
        """Chunks one article; an article with no sentences gives no chunks."""
        text = article.text
        headline = indexed_headline(article)
        window = self.max_word_pieces
        if headline:
            # The headline travels with every chunk, inside the same window.
            needed = self.count_word_pieces([headline])[0] + 1
            headline, window = (
                (headline, window - needed) if needed <= window // 4 else ("", window)
            )
        sentences, credit_lines = split_with_credits(text)
        fitted = self._fit_sentences(text, sentences, window)
        if not fitted:
            return []
        spans = [span for span, _ in fitted]
        pieces = [count for _, count in fitted]  # word pieces: counted once per sentence
        tokens = count_tokens([text[s:e] for s, e in spans])
        groups: list[list[int]] = []
        current: list[int] = []
        for i in range(len(spans)):
            if current and (
                sum(tokens[j] for j in current) + tokens[i] > self.chunk_tokens
                or sum(pieces[j] for j in current) + pieces[i] > window
            ):
                groups.append(current)
                current = self._overlap(current, tokens, pieces, window - pieces[i])
            current.append(i)
        groups.append(current)
        # A credit line goes with the sentence right before it: the end of its caption.
        ends = [end for _, end in spans]
        caption = {c: bisect.bisect_right(ends, c[0]) - 1 for c in credit_lines}
        return [
            self._chunk(
                text,
                [spans[j] for j in g],
                n,
                headline,
                [c for c, j in caption.items() if j in g],
            )
            for n, g in enumerate(groups)
        ]

    def _fit_sentences(self, text: str, spans: list[Span], window: int) -> list[tuple[Span, int]]:
        # Cut any sentence longer than the window at word-piece boundaries; keep the counts.
        fitted: list[tuple[Span, int]] = []
        todo = list(spans)
        limit = window
        while todo:
            counts = self.count_word_pieces([text[s:e] for s, e in todo])
            over: list[Span] = []
            for (start, end), count in zip(todo, counts, strict=True):
                if count <= window:
                    fitted.append(((start, end), count))
                else:
                    # A piece cut mid-word can re-tokenize longer: cut again, tighter.
                    over.extend(
                        (start + s, start + e)
                        for s, e in self.cut_word_pieces(
                            text[start:end], limit if (end - start) else 1
                        )
                    )
            todo = over
            limit = max(1, limit - 8)
        fitted.sort()
        return fitted

    def _overlap(
        self, group: list[int], tokens: list[int], pieces: list[int], room: int
    ) -> list[int]:
        carried: list[int] = []
        budget = self.overlap_tokens
        for j in reversed(group):
            if tokens[j] > budget or pieces[j] > room:
                break
            carried.insert(0, j)
            budget -= tokens[j]
            room -= pieces[j]
        # A chunk must add something new: never carry the whole previous chunk.
        return carried if len(carried) < len(group) else carried[1:]

    @staticmethod
    def _chunk(
        text: str, spans: list[Span], index: int, headline: str, credits: list[Span]
    ) -> Chunk:
        parts: list[str] = []
        table: list[tuple[int, int, int]] = []
        offset = 0
        credit_set = set(credits)
        spans = sorted([*spans, *credits])
        for k, (start, end) in enumerate(spans):
            if k:
                gap = text[spans[k - 1][1] : start]
                separator = "\n" if "\n" in gap else " "
                parts.append(separator)
                offset += len(separator)
            table.append((offset, start, end))
            parts.append(text[start:end])
            offset += end - start
        positions = tuple(k for k, span in enumerate(spans) if span in credit_set)
        return Chunk(
            "".join(parts), index, spans[0][0], spans[-1][1], tuple(table), headline, positions
        )


def indexed_headline(article: Article) -> str:
    """The title to index with the article's chunks, or "" when it adds nothing.

    A loader's stand-in title (the file name, or ``"<file> #<row>"``) is not a
    headline, and a title the text already starts with would count twice.
    """
    title = " ".join(article.title.split())
    name = article.file_name
    if not title or title == name or title.startswith(f"{name} #"):
        return ""
    opening = " ".join(article.text[: len(title) + 400].split())
    return "" if title in opening else title


def content_hash(article: Article, chunker_id: str) -> str:
    """Hash of what determines an article's chunks: its text, metadata and the chunker."""
    digest = hashlib.sha256()
    for part in (
        chunker_id,
        article.title,
        article.date or "",
        article.outlet or "",
        article.url or "",
        article.text,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()
