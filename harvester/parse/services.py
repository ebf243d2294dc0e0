"""Question 17: the Google Cloud services a group says it used.

Answers are lists ("- Cloud Run: deploys our API ...", "Buckets:" on its own line, numbered
items) or prose ("We used Compute Engine, Bucket and Vertex AI."). Three rules follow how careful
readers label them:

* A list item counts the service named in its *head* (the part before ":" / " - " / "|"); a
  service only mentioned in another item's description ("Cloud Run pulls the image from Artifact
  Registry") is not counted.
* Full product names ("Cloud Storage", "Vertex AI", "BiqQuery") count anywhere in prose; short
  or generic words ("Engine", "Run", "Build", "Containers", "VM") only as an item head or inside
  an explicit enumeration ("the services we used: Engine, Bucket and Vertex AI").
* A clause that says the service was not used ("we did not use Compute", "tried it but not
  really used", "... but we did not finally implement these") removes it.
"""

from __future__ import annotations

import re

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

# Ordered: longer product names first, so "VM Manager" is `other` before "VM" can match, and
# "Cloud Run Functions" is Cloud Functions before "Cloud Run" can match.
_STRONG: list[tuple[str, str]] = [
    ("other", r"vm manager|api gateway|service (?:management|control|usage|networking)"),
    (
        "other",
        r"cloud (?:sql|spanner|dns|cdn|armor|tasks|composer|deploy|endpoints|shell|trace|"
        r"profiler|source repositories|workstations|billing|nat|load balancing|tpu)",
    ),
    (
        "other",
        r"dataflow|dataproc|bigtable|memorystore|filestore|eventarc|dataplex|looker|"
        r"vpc(?: network)?|load balanc\w+|error reporting|model armor|gemini api",
    ),
    (
        "cloud_functions",
        r"cloud run functions?|cloud functions?|cloudfunctions|gcp functions?|"
        r"google cloud functions?",
    ),
    ("kubernetes_engine", r"kubernetes(?: engine)?|\bgke"),
    ("app_engine", r"app ?engine"),
    (
        "compute_engine",
        r"compute engine|gcloud compute|google compute|gcp compute|compute\.googleapis"
        r"|\bgce\b|compute instances?|vm instances?",
    ),
    ("vertex_ai", r"vertex(?: ?ai)?|ai ?platform|aiplatform"),
    ("cloud_build", r"cloud ?build|build triggers?|cloud build triggers?|gcp (?:build|triggers?)"),
    ("container_registry", r"container ?registry|containerregistry|gcr\.io|\bgcr\b"),
    (
        "artifact_registry",
        r"artifacts? ?registry|artifactregistry|docker\.pkg\.dev|artifact repositor\w*|\bgar\b",
    ),
    ("cloud_run", r"cloud run|google run|gcp run|run\.googleapis"),
    ("secret_manager", r"secrets? ?manager|secure manager|security manager|secretmanager"),
    ("bigquery", r"big ?query|biq ?query|bigguery"),
    (
        "cloud_monitoring",
        r"cloud monitoring|stackdriver|google cloud monitoring|monitoring\.googleapis",
    ),
    ("cloud_logging", r"cloud logging|logs? explorer|logging\.googleapis|cloud logs"),
    ("iam", r"\biam\b|identity and access management|service accounts?|service agents?"),
    ("pubsub", r"pub ?/ ?sub|pubsub"),
    ("cloud_scheduler", r"cloud scheduler"),
    ("firestore", r"firestore|datastore"),
    (
        "cloud_storage",
        r"cloud storage|google storage|gcs|storage buckets?|buckets?|gs://"
        r"|storage\.googleapis",
    ),
]
# Generic words: a service only when they *name* an item, not inside a description.
_WEAK: list[tuple[str, str]] = [
    ("other", r"networking|network"),
    ("compute_engine", r"compute|engine|vms?|virtual machines?|instances?"),
    ("cloud_build", r"builds?|triggers?"),
    ("artifact_registry", r"artifacts?"),
    ("container_registry", r"containers?|registry"),
    ("cloud_run", r"run"),
    ("cloud_functions", r"functions?"),
    ("cloud_monitoring", r"monitor(?:ing)?|alerts?|alerting"),
    ("cloud_logging", r"logging|logs"),
    ("secret_manager", r"secrets?"),
    ("cloud_storage", r"storage"),
    ("cloud_scheduler", r"scheduler"),
]


def _compile(table: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(sid, re.compile(rf"(?<![\w/.-])(?:{pat})(?![\w-])", re.I)) for sid, pat in table]


_STRONG_RE = _compile(_STRONG)
_WEAK_RE = _compile(_WEAK)
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
_ENUM_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bas well as\b)\s*", re.I)
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


def _find(text: str, weak: bool) -> list[str]:
    """Service ids named in `text`, consuming matched spans so shorter names cannot re-match.

    With `weak`, generic words ("Engine", "Run", "VM") count too, but only when `text` names
    no product in full: in "Vertex AI (custom job instances)" the "instances" are Vertex's.
    """
    found = _scan(text, _STRONG_RE)
    return found or (_scan(text, _WEAK_RE) if weak else [])


def _scan(text: str, table: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    found: list[str] = []
    chars = list(text)
    for sid, pattern in table:
        current = "".join(chars)
        for match in pattern.finditer(current):
            found.append(sid)
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return found


def _short(text: str, words: int = 6) -> bool:
    return 0 < len(text.split()) <= words


def _negated(sentence: str) -> set[str]:
    """Services a sentence says were not used, clause by clause."""
    removed: set[str] = set()
    for every in _ALL_BUT.finditer(sentence):
        removed.update(_find(every.group("rest"), weak=False))
    for also_not in _AND_NOT.finditer(sentence):
        removed.update(_find(also_not.group("rest"), weak=False))
    if (
        not _NEGATION.search(sentence)
        and not _INSTEAD.search(sentence)
        and not any(_BARE_NOT.match(c) for c in _CLAUSE.split(sentence))
    ):
        return removed
    for instead in _INSTEAD.finditer(sentence):
        removed.update(_find(instead.group("rest"), weak=False))
    earlier: set[str] = set()  # services named in the clauses before the current one
    for clause in _CLAUSE.split(sentence):
        named = _find(clause, weak=True)
        exception = _EXCEPT.search(clause)
        if exception and _NEGATION.search(clause[: exception.start()]):
            # "we did not use any services besides Cloud Storage": those after "besides" are used
            removed.update(_find(clause[: exception.start()], weak=True))
        elif _BARE_NOT.match(clause) and named:
            removed.update(named)  # "..., but not Cloud Functions"
        elif _NEGATION.search(clause):
            if named:
                removed.update(named)
            elif _PRONOUN.search(clause) or len(clause.split()) <= 4:
                # "... but we did not implement these", "(tried it but not really used)"
                removed.update(earlier)
        earlier.update(named)
    return removed


# "- **Trigger** for building images": a bold opening names the item like "Trigger:" would
_BOLD_HEAD = re.compile(
    r"^(?P<bullet>[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])[ \t]+)(?P<mark>\*\*|__)"
    r"(?P<head>[^*_\n]{1,60}?)(?P=mark)(?![ \t]*(?:[:|\-\u2013\u2014]|$))",
    re.M,
)


def _normalise(answer: str) -> str:
    text = _BOLD_HEAD.sub(r"\g<bullet>\g<head>:", unwrap(answer))
    text = re.sub(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)", " ", text)
    text = re.sub(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)", r"\1", text)
    text = re.sub(r"\bhttps?://\S+", " ", text)
    return drop_emphasis(drop_html_tags(text))


# "- Monitoring for tracking logs": a list item that opens with a name and a connector word
_OPENING = re.compile(
    r"^(?P<head>(?:[\w&/]+\s+){0,2}?[\w&/]+)\s+(?:for|to|is|was|as|which|that|were|are|"
    r"used|stores?|hosts?|handles?|runs?)\b",
    re.I,
)
_NAME_FILLER = re.compile(r"^(?:\s|google|gcp|cloud|the)*$", re.I)


def _opening_names(body: str) -> list[str]:
    """Services named by the opening words of a list item, when those words are only names."""
    match = _OPENING.match(body)
    if match is None:
        return []
    head = match.group("head")
    chars = list(head)
    for _sid, pattern in (*_STRONG_RE, *_WEAK_RE):
        for found in pattern.finditer("".join(chars)):
            chars[found.start() : found.end()] = " " * (found.end() - found.start())
    if not _NAME_FILLER.match("".join(chars)):
        return []  # "Run training on ...", "Logs of the app ...": not a name
    return _find(head, weak=True)


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


def _object_names(rest: str) -> list[str]:
    """Services named by the words a use-verb governs, when those words are only names.

    "we used the virtual machines, which let us ..." names Compute Engine; "we used the
    machines of Vertex AI" is left to the full-name rule (the object is not only a name).
    """
    end = _OBJECT_END.search(rest)
    head = (rest[: end.start()] if end else rest).strip()
    if not _short(head, 3) or _AMBIGUOUS_OBJECT.search(head):
        return []
    chars = list(head)
    for _sid, pattern in (*_STRONG_RE, *_WEAK_RE):
        for found in pattern.finditer("".join(chars)):
            chars[found.start() : found.end()] = " " * (found.end() - found.start())
    if not _NAME_FILLER.match("".join(chars)):
        return []
    return _find(head, weak=True)


def _split_head(item: str) -> tuple[str, str] | None:
    """(head, description) when the item starts with a short name followed by a separator."""
    match = _HEAD_SPLIT.search(item)
    if match is None:
        return None
    head = item[: match.start()].strip()
    if not _short(_PARENTHESES.sub("", head), 6) or head.lower().startswith(("we ", "our ")):
        return None
    return head, item[match.end() :]


def _prose(text: str) -> tuple[list[str], set[str]]:
    """(used, negated) from free text: full names anywhere, short names only in enumerations."""
    used: list[str] = []
    removed: set[str] = set()
    for sentence in bounded_pieces(text, _SENTENCE):
        used.extend(_find(sentence, weak=False))
        for enum in _ENUM_INTRO.finditer(sentence):
            for piece in _ENUM_SPLIT.split(enum.group("items")):
                if _short(piece, 5):
                    used.extend(_find(piece, weak=True))
                else:
                    # "services: Storage to keep data, Build to make images": the opening words
                    used.extend(_opening_names(piece.strip()))
        for obj in _USED_OBJECT.finditer(sentence):
            used.extend(_object_names(obj.group("rest")))
        pieces = _ENUM_SPLIT.split(sentence.rstrip(" ."))
        if sum(1 for piece in pieces if _find(piece, weak=False)) >= 2:
            # "We used Bucket, Vertex AI and Monitoring": a list of names, so short words count
            for piece in pieces:
                if _short(piece, 2):
                    used.extend(_find(piece, weak=True))
        removed.update(_negated(sentence))
    return used, removed


def _item_negations(named: list[str], description: str) -> set[str]:
    """Which of an item's own services its description says were not used."""
    removed: set[str] = set()
    for sentence in bounded_pieces(description, _SENTENCE):
        if not _NEGATION.search(sentence):
            continue
        gone = _negated(sentence) & set(named)
        if gone:
            removed |= gone
        elif not _find(sentence, weak=True):
            removed |= set(named)  # "we never really used it"
    return removed


def extract_services(answer: str, template: str | None = None) -> list[str]:
    """Sorted service ids (see SERVICE_IDS) the Q17 answer says were used.

    ``template`` ("2023", "2025", "2026" or None) only decides what a bare "Containers"/"Registry"
    item means: Container Registry in 2023-era reports, Artifact Registry after it was retired.
    """
    text = _normalise(answer)
    used: list[str] = []
    removed: set[str] = set()
    head_services: list[str] = []  # services of a bare "Head:" line, whose text follows below
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
            named = _find(head, weak=_short(head, 6))
            if named:
                used.extend(named)
                removed |= _negated(head) | _item_negations(named, description)
                head_services = [] if description.strip() else named
                continue
            if is_bullet:
                # "- Training: Vertex AI": the head names no service, so read the description.
                found, gone = _prose(description)
                used.extend(found)
                removed |= gone | _negated(head)
                head_services = []
                continue
        if is_bullet:
            if _short(body, 4):
                used.extend(_find(body, weak=True))
                removed |= _negated(body)
            else:
                found, gone = _prose(body)
                used.extend(found)
                used.extend(_opening_names(body))
                removed |= gone
            head_services = []
            continue
        if head_services:
            removed |= _item_negations(head_services, line)  # text under a "Head:" line
            continue
        found, gone = _prose(line)
        used.extend(found)
        removed |= gone
    result = set(used) - removed
    # After Container Registry was retired, a generic "Containers"/"Registry" head means
    # Artifact Registry; an explicit "Container Registry" name is kept as written.
    if (
        template in ("2025", "2026")
        and "container_registry" in result
        and not any(sid == "container_registry" for sid, p in _STRONG_RE if p.search(text))
    ):
        result.discard("container_registry")
        result.add("artifact_registry")
    return sorted(result)
