"""Question 17: the Google Cloud services a group says it used, each with its source words.

Answers are lists ("- Cloud Run: deploys our API ...", "Buckets:" on its own line, numbered
items) or prose ("We used Compute Engine, Bucket and Vertex AI."). The names come from a
vocabulary (``harvester/bank/services.json`` via :mod:`harvester.parse.facts.vocabulary`); the
rules here decide which mentions count, the way careful readers label them:

* A list item counts the service named in its *head* (the part before ":" / " - " / "|"); a
  service only mentioned in another item's description ("Cloud Run pulls the image from Artifact
  Registry") is not counted. A head that matches no name closely enough for the lists may still
  be a near-miss ("Tracer"): a fuzzy match counts, marked low-confidence.
* Full product names, API ids and vendor-prefixed generic words ("GCP Run", "Gcloud Triggers")
  count anywhere in prose; generic words ("Engine", "Run", "Build") only as an item head, inside
  an explicit enumeration or as the whole object of "we used".
* A clause that says the service was not used ("we did not use Compute") removes it; one that
  says it was only tried and failed, only compared, or planned for the future (see
  :mod:`harvester.parse.facts.clauses`) leaves it out unless another mention says it was used.
* A Google Cloud product outside the list ("Cloud Trace") is ``other``, its name kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harvester.parse.facts.clauses import NOT_USED, USED, read_mention
from harvester.parse.facts.vocabulary import Hit, vocabulary
from harvester.parse.fieldtext import bounded_pieces, drop_emphasis, drop_html_tags, unwrap

SERVICE_IDS = (
    "cloud_storage",
    "compute_engine",
    "vertex_ai",
    "cloud_build",
    "container_registry",
    "artifact_registry",
    "cloud_run",
    "cloud_functions",
    "secret_manager",
    "bigquery",
    "cloud_monitoring",
    "cloud_logging",
    "iam",
    "kubernetes_engine",
    "pubsub",
    "cloud_scheduler",
    "firestore",
    "app_engine",
    "other",
)

# Kinds that name a product on their own, in order of priority (a longer, surer match first).
_STRONG_KINDS = ("api", "name", "misspelling", "prefixed")
_NEGATION = re.compile(
    r"\b(?:did(?:n'?t| not)|do(?:n'?t| not)|never|not|wasn'?t|weren'?t|no longer)\s+"
    r"(?:(?:really|actually|finally|end up|ended up|get to|got to|manage to|even|much|"
    r"properly|fully|in the end|up|have time to|had time to|get around to|get the chance to|"
    r"get a chance to|have to|need to|bother to)\s+)*"
    r"(?:use|used|using|utili[sz]e|utili[sz]ed|implement|implemented|need|needed|make use|"
    r"deploy|deployed|include|included)\b|\bunused\b|\bnot used\b"
    r"|\b(?:we|i)\s+(?:\w+\s+)?(?:skip|skipped|dropped|avoided)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,2}[.)]|[a-z][.)])\s+")
# "Head: description", "Head - description", "Head -- description", "Head | description"
_HEAD_SPLIT = re.compile(r"\s*(?::|\s[-\u2013\u2014]{1,2}\s|\|)\s*")
_CLAUSE = re.compile(
    r"[,;:()]|\s(?:but|since|because|whereas|while|instead|although|however|as we|so)\s", re.I
)
_ENUM_INTRO = re.compile(
    r"\b(?:services?|following|products?|we (?:used|utili[sz]ed|made use of|use)|"
    r"were|are|those were)\b[^.:]{0,80}:\s*(?P<items>[^.\n]+)",
    re.I,
)
_ENUM_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bas well as\b|\s/\s)\s*", re.I)
_EXCEPT = re.compile(
    r"\b(?:besides|except(?: for)?|apart from|other than|aside from|but only)\b", re.I
)
_INSTEAD = re.compile(r"\b(?:instead of|rather than|in place of)\s+(?P<rest>[^,.;:]{0,80})", re.I)
# "..., but not Cloud Functions", "and not Cloud Run": a clause that opens with a bare "not".
_BARE_NOT = re.compile(r"^\s*(?:(?:and|or|but)\s+)?(?:not|no)\s+(?!only\b|just\b)", re.I)
# "... Cloud Storage and not Cloud Run", "Vertex AI and no Compute Engine", mid-clause.
_AND_NOT = re.compile(
    r"\b(?:and|or|but)\s+(?:not|no)\s+(?!only\b|just\b)(?P<rest>[^,.;:()]{0,80})", re.I
)
# "every service except Cloud Run", "all of them apart from X": the exception was not used.
_ALL_BUT = re.compile(
    r"\b(?:every|all|everything|each)\b[^.;:]{0,60}?\b(?:except(?: for)?|apart from|but not|"
    r"other than|aside from)\s+(?P<rest>[^.;:]{0,80})",
    re.I,
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_PRONOUN = re.compile(r"\b(?:these|them|it|this|those|they|either|any of)\b", re.I)
# "the thing that builds our images on every push": a service named by its function alone
_FUNCTION_PHRASE = re.compile(
    r"\b(?:the|a|an)\s+(?:\w+\s+)?(?:thing|service|tool|product|one|feature|part)\s+"
    r"(?:that|which)\s+(?P<desc>(?:(?!\s(?:and|or|but)\s+(?:the|a|an)\s)[^.;:,]){3,120})",
    re.I,
)
# "- Cloud Build: images - Cloud Run: the API - Bucket: data": list items run on in one line
_INLINE_ITEM = re.compile(
    r"(?:^|\s)(?:[-*\u2022]\s+(?=[^\s:][^:\n]{0,40}:\s)"
    r"|\d{1,2}[.)]\s+(?=[^\s:][^:\n]{0,40}?(?::\s|\s[-\u2013\u2014]\s)))"
)


@dataclass
class Mention:
    """One service mention with how it reads; ``context`` is the sentence or line around it."""

    hit: Hit
    rule: str
    status: str = USED
    cue: str | None = None
    context: str = ""

    @property
    def sid(self) -> str:
        return self.hit.sid


@dataclass
class ServicesReading:
    """What question 17 says: the used ids and every mention that decided them."""

    services: list[str]
    mentions: list[Mention] = field(default_factory=list)


def _find(text: str, weak: bool) -> list[Hit]:
    """Services named in `text`, consuming matched spans so shorter names cannot re-match.

    With `weak`, generic words ("Engine", "Run", "VM") count too, but only when `text` names
    no product in full: in "Vertex AI (custom job instances)" the "instances" are Vertex's.
    """
    vocab = vocabulary()
    hits, rest = vocab.scan(text, _STRONG_KINDS)
    unknown, _ = vocab.scan(rest, ("unknown",))
    if hits or unknown or not weak:
        return hits + unknown
    return vocab.scan(text, ("generic",))[0]


def _ids(hits: list[Hit]) -> set[str]:
    return {h.sid for h in hits}


def _short(text: str, words: int = 6) -> bool:
    return 0 < len(text.split()) <= words


class _Reader:
    """Collects mentions while one answer is read (used, removed and doubted ones)."""

    def __init__(self) -> None:
        self.used: list[Mention] = []
        self.removed: list[Mention] = []
        self.doubted: list[Mention] = []

    def use(self, hits: list[Hit], rule: str, context: str) -> None:
        for hit in hits:
            reading = read_mention(context, *_span_in(context, hit))
            mention = Mention(hit, rule, reading.status, reading.cue, context)
            (self.used if reading.status == USED else self.doubted).append(mention)

    def remove(self, hits: list[Hit], context: str, cue: str | None = None) -> None:
        for hit in hits:
            self.removed.append(Mention(hit, "services.negation", NOT_USED, cue, context))

    def doubt(self, hits: list[Hit], status: str, cue: str | None, context: str) -> None:
        for hit in hits:
            self.doubted.append(Mention(hit, "services.item_description", status, cue, context))


def _span_in(context: str, hit: Hit) -> tuple[int, int]:
    index = context.find(hit.words)
    return (index, index + len(hit.words)) if index >= 0 else (hit.start, hit.end)


def _negated(sentence: str) -> list[Hit]:
    """Services a sentence says were not used, clause by clause."""
    removed: list[Hit] = []
    for every in _ALL_BUT.finditer(sentence):
        removed.extend(_find(every.group("rest"), weak=False))
    for also_not in _AND_NOT.finditer(sentence):
        removed.extend(_find(also_not.group("rest"), weak=False))
    if (
        not _NEGATION.search(sentence)
        and not _INSTEAD.search(sentence)
        and not any(_BARE_NOT.match(c) for c in _CLAUSE.split(sentence))
    ):
        return removed
    for instead in _INSTEAD.finditer(sentence):
        removed.extend(_find(instead.group("rest"), weak=False))
    earlier: list[Hit] = []  # services named in the clauses before the current one
    for clause in _CLAUSE.split(sentence):
        named = _find(clause, weak=True)
        exception = _EXCEPT.search(clause)
        if exception and _NEGATION.search(clause[: exception.start()]):
            # "we did not use any services besides Cloud Storage": those after "besides" are used
            removed.extend(_find(clause[: exception.start()], weak=True))
        elif _BARE_NOT.match(clause) and named:
            removed.extend(named)  # "..., but not Cloud Functions"
        elif _NEGATION.search(clause):
            if named:
                removed.extend(named)
            elif _PRONOUN.search(clause) or len(clause.split()) <= 4:
                # "... but we did not implement these", "(tried it but not really used)"
                removed.extend(earlier)
        earlier.extend(named)
    return removed


# "- **Trigger** for building images": a bold opening names the item like "Trigger:" would
_BOLD_HEAD = re.compile(
    r"^(?P<bullet>[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+)(?P<mark>\*\*|__)"
    r"(?P<head>[^*_\n]{1,60}?)(?P=mark)(?![ \t]*(?:[:|\-\u2013\u2014]|$))",
    re.M,
)


def _split_run_on(line: str) -> list[str]:
    """One line holding several "- Name: text" items becomes one line per item."""
    starts = [m.start() for m in _INLINE_ITEM.finditer(line)]
    if len(starts) < 2:
        return [line]
    pieces = [line[: starts[0]]] if line[: starts[0]].strip() else []
    pieces.extend(line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True))
    return [p.strip() for p in pieces]


def _normalise(answer: str) -> str:
    text = _BOLD_HEAD.sub(r"\g<bullet>\g<head>:", unwrap(answer))
    text = re.sub(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)", " ", text)
    text = re.sub(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)", r"\1", text)
    text = re.sub(r"\bhttps?://\S+", " ", text)
    text = drop_emphasis(drop_html_tags(text))
    # "Cloud Build/Cloud Run", "Vertex AI/Compute Engine": names joined by a slash
    text = re.sub(r"(?<=[A-Za-z)])\s*/\s*(?=[A-Z])(?!Sub\b)", " / ", text)
    return "\n".join(piece for line in text.split("\n") for piece in _split_run_on(line))


# "- Monitoring for tracking logs": a list item that opens with a name and a connector word
_OPENING = re.compile(
    r"^(?P<head>(?:[\w&/]+\s+){0,2}?[\w&/]+)\s+(?:for|to|is|was|as|which|that|were|are|"
    r"used|stores?|hosts?|handles?|runs?)\b",
    re.I,
)
_NAME_FILLER = re.compile(r"^(?:\s|google|gcp|gcloud|cloud|the)*$", re.I)


def _only_names(head: str) -> bool:
    """True when every word of ``head`` is part of a name (or filler like "the", "GCP")."""
    vocab = vocabulary()
    _, rest = vocab.scan(head, (*_STRONG_KINDS, "generic"))
    return bool(_NAME_FILLER.match(rest))


def _opening_names(body: str) -> list[Hit]:
    """Services named by the opening words of a list item, when those words are only names."""
    match = _OPENING.match(body)
    if match is None or not _only_names(match.group("head")):
        return []  # "Run training on ...", "Logs of the app ...": not a name
    return _find(match.group("head"), weak=True)


# "In the end we used the virtual machines, which ...": a generic name right after "we used"
_USED_OBJECT = re.compile(
    r"\b(?:we|i)\s+(?:also\s+|then\s+|mainly\s+|mostly\s+)?"
    r"(?:used|use|utili[sz]ed|made use of|relied on|employed)\s+"
    r"(?:(?:the|a|an|some|several|two|multiple|google|gcp|cloud|google's)\s+)*(?P<rest>[^.;:]{1,80})",
    re.I,
)
# generic words that name no service on their own ("we used containers", "we used logs")
_AMBIGUOUS_OBJECT = re.compile(
    r"\b(?:containers?|registry|network\w*|alerts?|logs?|artifacts?)\b", re.I
)
_OBJECT_END = re.compile(
    r"\s*(?:[,()]|\s(?:for|to|which|that|in|on|with|as|and|because|since|where|so)\b)", re.I
)


def _object_names(rest: str) -> list[Hit]:
    """Services named by the words a use-verb governs, when those words are only names.

    "we used the virtual machines, which let us ..." names Compute Engine; "we used the
    machines of Vertex AI" is left to the full-name rule (the object is not only a name).
    """
    end = _OBJECT_END.search(rest)
    head = (rest[: end.start()] if end else rest).strip()
    if not _short(head, 3) or _AMBIGUOUS_OBJECT.search(head) or not _only_names(head):
        return []
    return _find(head, weak=True)


def _function_names(sentence: str) -> list[Hit]:
    """ "the thing that builds images on push": a service named only by what it does."""
    hits: list[Hit] = []
    for phrase in _FUNCTION_PHRASE.finditer(sentence):
        desc = phrase.group("desc").lower()
        if _find(desc, weak=False):
            continue  # the description names the product itself
        stems = set(re.findall(r"[a-z]+", desc))
        for sid, words in vocabulary().functions:
            if all(any(s.startswith(w) for s in stems) for w in words):
                hits.append(
                    Hit(sid, vocabulary().display[sid], phrase.group(0).strip(), "function")
                )
                break
    return hits


def _split_head(item: str) -> tuple[str, str] | None:
    """(head, description) when the item starts with a short name followed by a separator."""
    match = _HEAD_SPLIT.search(item)
    if match is None:
        return None
    head = item[: match.start()].strip()
    if not _short(_PARENTHESES.sub("", head), 6) or head.lower().startswith(("we ", "our ")):
        return None
    return head, item[match.end() :]


def _head_names(head: str) -> tuple[list[Hit], str]:
    """Services an item head names, and the rule: exact/generic words, else a fuzzy match."""
    named = _find(head, weak=_short(head, 6))
    if named:
        return named, "services.item_head"
    bare = _PARENTHESES.sub("", head).strip()
    if _short(bare, 4):
        fuzzy = vocabulary().fuzzy(bare)
        if fuzzy is not None:
            return [fuzzy], "services.item_head"
    return [], ""


def _prose(text: str, reader: _Reader) -> None:
    """Free text: full names anywhere, short names only in enumerations."""
    for sentence in bounded_pieces(text, _SENTENCE):
        reader.use(_find(sentence, weak=False), "services.prose_name", sentence)
        for enum in _ENUM_INTRO.finditer(sentence):
            for piece in _ENUM_SPLIT.split(enum.group("items")):
                if _short(piece, 5):
                    reader.use(_find(piece, weak=True), "services.enumeration", sentence)
                else:
                    # "services: Storage to keep data, Build to make images": the opening words
                    reader.use(_opening_names(piece.strip()), "services.enumeration", sentence)
        for obj in _USED_OBJECT.finditer(sentence):
            reader.use(_object_names(obj.group("rest")), "services.use_object", sentence)
        pieces = _ENUM_SPLIT.split(sentence.rstrip(" ."))
        if sum(1 for piece in pieces if _find(piece, weak=False)) >= 2:
            # "We used Bucket, Vertex AI and Monitoring": a list of names, so short words count
            for piece in pieces:
                if _short(piece, 2):
                    reader.use(_find(piece, weak=True), "services.enumeration", sentence)
        reader.use(_function_names(sentence), "services.function", sentence)
        reader.remove(_negated(sentence), sentence)


def _item_negations(named: list[Hit], description: str, reader: _Reader) -> None:
    """Which of an item's own services its description says were not used (or only tried)."""
    ids = _ids(named)
    for sentence in bounded_pieces(description, _SENTENCE):
        if _NEGATION.search(sentence):
            gone = [h for h in _negated(sentence) if h.sid in ids]
            if gone:
                reader.remove([h for h in named if h.sid in _ids(gone)], sentence)
            elif not _find(sentence, weak=True):
                reader.remove(named, sentence)  # "we never really used it"
            continue
        if _find(sentence, weak=True):
            continue  # the sentence is about another service
        # "- Cloud Functions: we tried them but never got them to work"
        reading = read_mention(f"X {sentence}", 0, 1)
        if reading.status not in (USED, NOT_USED):
            reader.doubt(named, reading.status, reading.cue, sentence)


def read_services(answer: str, template: str | None = None) -> ServicesReading:
    """The Q17 answer's used services (sorted ids, see SERVICE_IDS) and every mention.

    ``template`` ("2023", "2025", "2026" or None) only decides what a bare "Containers"/"Registry"
    item means: Container Registry in 2023-era reports, Artifact Registry after it was retired.
    """
    text = _normalise(answer)
    reader = _Reader()
    head_services: list[Hit] = []  # services of a bare "Head:" line, whose text follows below
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            head_services = []
            continue
        is_bullet = bool(_BULLET.match(line))
        body = _BULLET.sub("", line).strip()
        split = _split_head(body)
        if split is not None and (is_bullet or split[1].strip() or body.endswith(":")):
            head, description = split
            named, rule = _head_names(head)
            if named:
                reader.use(named, rule, line)
                reader.remove(_negated(head), line)
                _item_negations(named, description, reader)
                head_services = [] if description.strip() else named
                continue
            if is_bullet:
                # "- Training: Vertex AI": the head names no service, so read the description.
                _prose(description, reader)
                reader.remove(_negated(head), line)
                head_services = []
                continue
        if is_bullet:
            if _short(body, 4):
                named = _find(body, weak=True)
                if not named:
                    fuzzy = vocabulary().fuzzy(body)
                    named = [fuzzy] if fuzzy else []
                reader.use(named, "services.item_head", line)
                reader.remove(_negated(body), line)
            else:
                _prose(body, reader)
                reader.use(_opening_names(body), "services.opening_words", line)
            head_services = []
            continue
        if head_services:
            _item_negations(head_services, line, reader)  # text under a "Head:" line
            continue
        _prose(line, reader)
    return _decide(reader, text, template)


def _decide(reader: _Reader, text: str, template: str | None) -> ServicesReading:
    removed = {m.sid for m in reader.removed}
    used = {m.sid for m in reader.used} - removed
    # After Container Registry was retired, a generic "Containers"/"Registry" head means
    # Artifact Registry; an explicit "Container Registry" name is kept as written.
    retired = (
        template in ("2025", "2026")
        and "container_registry" in used
        and not vocabulary().explicit("container_registry", text)
    )
    mentions: list[Mention] = []
    seen: set[tuple[str, str, str]] = set()
    for mention in reader.used:
        if mention.sid in removed:
            continue
        if retired and mention.sid == "container_registry":
            hit = mention.hit
            mention.hit = Hit("artifact_registry", "Artifact Registry", hit.words, hit.kind)
            mention.rule = "services.retired_registry"
        mentions.append(mention)
    if retired:
        used = (used - {"container_registry"}) | {"artifact_registry"}
    mentions.extend(m for m in reader.removed)
    mentions.extend(m for m in reader.doubted if m.sid not in used and m.sid not in removed)
    kept: list[Mention] = []
    for mention in mentions:
        key = (mention.sid, mention.hit.name if mention.sid == "other" else "", mention.status)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return ServicesReading(sorted(used), kept)


def extract_services(answer: str, template: str | None = None) -> list[str]:
    """Sorted service ids (see SERVICE_IDS) the Q17 answer says were used."""
    return read_services(answer, template).services


def unnamed_heads(answer: str) -> list[str]:
    """List-item heads and short items that no exact rule names: the fuzzy matcher's input.

    Public so the fuzzy threshold can be measured on a labelled corpus
    (``scripts/measure_fuzzy.py``).
    """
    heads: list[str] = []
    for raw_line in _normalise(answer).split("\n"):
        line = raw_line.strip()
        body = _BULLET.sub("", line).strip()
        split = _split_head(body)
        if split is not None and (bool(_BULLET.match(line)) or split[1].strip()):
            head = _PARENTHESES.sub("", split[0]).strip()
        elif _BULLET.match(line) and _short(body, 4):
            head = body
        else:
            continue
        if head and _short(head, 4) and not _find(head, weak=True):
            heads.append(head)
    return heads
