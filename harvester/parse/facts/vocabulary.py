"""The Google Cloud services vocabulary (``harvester/bank/services.json``) as matchers.

Names are data, not code: a new product or a misspelling seen in a cohort is one line of JSON.
This module turns the lists into regular expressions (exact names, curated misspellings, API ids,
vendor prefix + generic word) and a fuzzy matcher (rapidfuzz) for near-misses that no list
holds, with a threshold measured on the labelled corpus (``scripts/measure_fuzzy.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

# Measured with scripts/measure_fuzzy.py on ../shared/corpus: 407 list heads that name no
# service score 88.9 at most ("task" ~ "tasks"); the corpus's near-miss head ("Tracer" ~
# "trace") scores 90.9, and 36 of the 42 curated misspellings score 90 or more against the
# other forms (the rest are matched exactly from the list anyway).
FUZZY_THRESHOLD = 90
_FUZZY_MIN_LEN = 4

# How a mention was recognised: these names go into the record's ``rule`` field.
KINDS = ("name", "misspelling", "api", "generic", "prefixed", "fuzzy", "unknown", "function")


@dataclass(frozen=True)
class Hit:
    """One service mention: the id, the product's display name, the words and how they matched."""

    sid: str
    name: str
    words: str
    kind: str
    start: int = 0
    end: int = 0
    score: float | None = None  # fuzzy similarity, 0-100


@dataclass(frozen=True)
class _Entry:
    sid: str
    name: str


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.lower())


def _name_pattern(name: str) -> str:
    tokens = [re.escape(t).replace("/", r"\s*/\s*") for t in name.split()]
    pattern = r"[\s_-]*".join(tokens)
    if name[-1].isalpha():
        pattern += r"(?:e?s)?"
    return pattern


def _alternation(names: list[str]) -> str:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(_name_pattern(n) for n in ordered)


def _bounded(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/.-])(?:{body})(?![\w-])", re.I)


class Vocabulary:
    """Matchers for one vocabulary file (loaded once; see :func:`vocabulary`)."""

    def __init__(self, data: dict) -> None:
        self.display: dict[str, str] = {}
        tables: dict[str, dict[str, _Entry]] = {k: {} for k in ("name", "misspelling", "api")}
        tables["generic"] = {}
        self.functions: list[tuple[str, tuple[str, ...]]] = []
        for sid, spec in data["services"].items():
            self.display[sid] = spec["name"]
            self._add(tables, _Entry(sid, spec["name"]), spec)
            self.functions.extend((sid, tuple(words)) for words in spec.get("functions", []))
        for product in data["other_products"]:
            self._add(tables, _Entry("other", product["name"]), product)
        self._tables = tables
        self._keys: dict[str, dict[str, _Entry]] = {}
        for kind, table in tables.items():
            keys = self._keys[kind] = {}
            for form, entry in table.items():
                keys.setdefault(_key(form), entry)
        self.vendor_prefixes = tuple(data["vendor_prefixes"])
        self.not_products = frozenset(data["not_products"])
        self._exact = {
            kind: _bounded(_alternation(list(tables[kind])))
            for kind in ("name", "misspelling", "generic")
        }
        self._api = re.compile(
            r"(?<![\w.-])(?P<id>[a-z][a-z0-9-]{1,40})\.googleapis(?:\.com)?(?![\w-])", re.I
        )
        prefixes = "|".join(_name_pattern(p).removesuffix("(?:e?s)?") for p in self.vendor_prefixes)
        self._prefixed = _bounded(
            rf"(?:{prefixes})[\s_-]+(?P<g>{_alternation(list(tables['generic']))})"
        )
        self._unknown = re.compile(
            r"\b(?:Google\s+Cloud|GCP|Cloud)\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
        )
        # Fuzzy choices: every written form, also without a leading "cloud " ("Trace").
        choices: dict[str, _Entry] = {}
        for kind in ("name", "misspelling", "generic"):
            for form, entry in tables[kind].items():
                for variant in (form, form.removeprefix("cloud ")):
                    if len(variant) >= _FUZZY_MIN_LEN:
                        choices.setdefault(variant, entry)
        self._choices = choices
        self._choice_list = list(choices)

    @staticmethod
    def _add(tables: dict[str, dict[str, _Entry]], entry: _Entry, spec: dict) -> None:
        for kind, field in (
            ("name", "names"),
            ("misspelling", "misspellings"),
            ("api", "api"),
            ("generic", "generic"),
        ):
            for form in spec.get(field, []):
                tables[kind].setdefault(form.lower(), entry)

    def _lookup(self, kind: str, words: str) -> _Entry | None:
        keys = self._keys[kind]
        key = _key(words)
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in keys:
                return keys[candidate]
        return None

    def scan(self, text: str, kinds: tuple[str, ...]) -> tuple[list[Hit], str]:
        """Hits of the given kinds, in that order of priority; matched spans are blanked out
        of the returned text so a shorter name cannot match inside a longer one."""
        hits: list[Hit] = []
        current = text
        for kind in kinds:
            matches = list(self._finditer(kind, current))
            if not matches:
                continue  # the usual case: no list copy at all
            chars = list(current)
            for match in matches:
                hit = self._hit(kind, match)
                if hit is None:
                    continue
                hits.append(hit)
                chars[match.start() : match.end()] = " " * (match.end() - match.start())
            current = "".join(chars)
        return hits, current

    def _finditer(self, kind: str, text: str):
        if kind == "api":
            return self._api.finditer(text)
        if kind == "prefixed":
            return self._prefixed.finditer(text)
        if kind == "unknown":
            return self._unknown.finditer(text)
        return self._exact[kind].finditer(text)

    def _hit(self, kind: str, match: re.Match[str]) -> Hit | None:
        words = match.group(0)
        if kind == "api":
            api = match.group("id").lower()
            entry = self._tables["api"].get(api) or _Entry("other", f"{api}.googleapis.com")
        elif kind == "prefixed":
            entry = self._lookup("generic", match.group("g"))
        elif kind == "unknown":
            name = match.group("name")
            first = name.split()[0].lower()
            if first in self.not_products or self._lookup("generic", first) is not None:
                return None
            entry = _Entry("other", words)
        else:
            entry = self._lookup(kind, words)
        if entry is None:
            return None
        return Hit(entry.sid, entry.name, words, kind, match.start(), match.end())

    def strip_vendor(self, text: str) -> str:
        """``text`` without a leading vendor prefix ("GCP Bucket" -> "Bucket")."""
        lowered = text.strip()
        for prefix in sorted(self.vendor_prefixes, key=len, reverse=True):
            if lowered.lower().startswith(prefix + " "):
                return lowered[len(prefix) + 1 :].strip()
        return lowered

    def fuzzy(self, text: str) -> Hit | None:
        """The closest name to a short head ("Tracer" ~ "trace"), if close enough."""
        words = self.strip_vendor(text)
        query = re.sub(r"\s+api$", "", words.lower()).strip()
        if len(query) < _FUZZY_MIN_LEN or len(query.split()) > 4:
            return None
        best = self.best_match(query)
        if best is None or best[1] < FUZZY_THRESHOLD:
            return None
        entry = self._choices[best[0]]
        return Hit(entry.sid, entry.name, words, "fuzzy", score=round(best[1], 1))

    def best_match(self, query: str, exclude: str | None = None) -> tuple[str, float] | None:
        """(written form, score) of the closest vocabulary form to ``query`` (not ``exclude``)."""
        choices = self._choice_list
        if exclude is not None:
            choices = [c for c in choices if c != exclude]
        found = process.extractOne(query.lower(), choices, scorer=fuzz.ratio)
        return None if found is None else (found[0], float(found[1]))

    def misspellings(self) -> list[tuple[str, str]]:
        """(curated misspelling, service id) pairs, to measure the fuzzy threshold with."""
        return [(form, entry.sid) for form, entry in self._tables["misspelling"].items()]

    def fuzzy_entry(self, form: str) -> str:
        """The service id of one fuzzy choice (a written form returned by best_match)."""
        return self._choices[form].sid

    def names_only(self, text: str) -> bool:
        """True when ``text`` holds an exact product name (not a generic word)."""
        return bool(self._exact["name"].search(text))

    def explicit(self, sid: str, text: str) -> bool:
        """True when ``text`` writes out a name of ``sid`` (not a generic word, not a prefix)."""
        return any(
            self._lookup("name", m.group(0)) == _Entry(sid, self.display[sid])
            for m in self._exact["name"].finditer(text)
        )


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of ``harvester/bank/services.json`` (read once)."""
    path = resources.files("harvester") / "bank" / "services.json"
    return Vocabulary(json.loads(path.read_text("utf-8")))
