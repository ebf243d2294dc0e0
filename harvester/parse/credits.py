"""The credits question (Q24 in the "2023" template, Q27 later): the total the group spent.

Answers mix the total with distractors: the most expensive service's cost, per-service
breakdowns, per-GB prices, the size of the free voucher, GitHub Actions minutes, upper bounds
("under $10") and timestamps. Every amount (a number with a currency or "credits", or a bare
number right after "spent"/"used") is classified from its clause and sentence; the first stated
total wins, else the sum of per-member amounts ("the three of us spent $2 each" counts three
times; a bare "$2 each" once, as the member count is unknown), else the first amount that is
neither a part, a bound, a price nor a voucher. A total the answer later updates ("then the bill
came up to $19") replaces the earlier one.

"Spent N of the allotted M" reads N (M is the budget), "N left of M" reads M - N, and a plain
number with no unit under the question is read as credits. :func:`read_credits` also says where
the amount was read and how sure the reading is: no unit, only per-member amounts, several
totals, or no spending verb near the amount make it low-confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from harvester.parse.facts.fact import Fact
from harvester.parse.fieldtext import bounded_pieces, drop_emphasis, drop_html_tags, unwrap

_NUM = r"(?<![\w.,\-/:])(?P<num>\d{1,7}(?:[.,]\d{3})*(?:[.,]\d{1,2})?)(?![\d]|[.,]\d|:\d|/\d)"
_NUMBER = re.compile(_NUM)
_PRE_UNIT = re.compile(
    r"(?:(?P<usd>US\s?\$|USD\s?\$?|\$)|(?P<eur>\u20ac|EUR)|(?P<dkk>DKK|DDK|DKR|kr\.?))"
    r"\s*(?:~\s*)?$",
    re.I,
)
_FILLER = r"(?:\s+(?:of|in|worth|free|gcp|google|cloud|education(?:al)?|student|course|total|the))*"
_POST_UNIT = re.compile(
    r"^\s*(?:(?P<usd>\$|US\s?dollars?|USD|USB|UDS|USDs|dollars?|bucks)"
    r"|(?P<eur>\u20ac|EUR|euros?)"
    r"|(?P<dkk>DKKs?|DKR|DDK\b|dd?kks?\b|kr\b\.?|kroner|kr\.|(?:danish\s+)?(?:crowns|kroner|krone))"
    r"|(?P<credits>credits?\b))" + r"(?P<tail>" + _FILLER + r"\s+credits?\b)?",
    re.I,
)
_POST_UNIT_FILLED = re.compile(
    r"^" + _FILLER + r"\s+(?:(?P<usd>USD|US\s?dollars?|dollars?)|(?P<eur>EUR|euros?)"
    r"|(?P<dkk>DKK|kroner))\s+credits?\b",
    re.I,
)
_SPEND = (
    r"(?:spent|spend|spending|used|use|using|utili[sz]ed|consumed|burn(?:ed|t)|paid"
    r"|cost|costs|costed|costing|(?:went|gone|burn(?:ed|t)?|ran|run) through|used up"
    r"|racked up|charged(?: us)?|billed(?: us)?)"
)
_BARE_CONTEXT = re.compile(
    _SPEND + r"(?:\s*[:=])?\s+(?:(?:all|about|around|approx\.?|approximately|roughly|only|just|"
    r"nearly|almost|a total of|in total|total|overall|~)\s*)*$",
    re.I,
)
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:%|percent|gb|gib|mb|tb|hours?|hrs?|h\b|minutes?|mins?|seconds?|s\b|days?|weeks?|"
    r"months?|times|runs?|epochs?|images?|files?|requests?|builds?|jobs?|gpus?|cpus?|vcpus?|"
    r"members?|people|x\b)",
    re.I,
)
_PRICE_AFTER = re.compile(
    r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:gb|gib|tb|mb|hour|hr|h\b|month|day|minute|min|"
    r"request|vcpu|image|run|build)",
    re.I,
)
_PRICE_CLAUSE = re.compile(
    r"\bper\s+(?:gb|gib|tb|hour|month|day|minute)\b|\bcharge of\b|\bprice\b|\brate of\b", re.I
)
_BOUND_BEFORE = re.compile(
    r"\b(?:under|less than|below|at most|up to|no more than|not more than|max(?:imum)?(?: of)?|"
    r"exceed(?:ed|ing)?|over|more than|above|at least|within|limit of|budget of|beyond)\s*"
    r"(?:the\s+|our\s+|a\s+|an\s+)?(?:[$\u20ac]\s*|USD\s*|EUR\s*|DKK\s*)?$",
    re.I,
)
# "just above DKK 22", "slightly under $5": an estimate of the amount, not a bound
_NEARLY = re.compile(r"\b(?:just|slightly|a (?:little|tiny) bit|a bit|a little|barely)\s*$", re.I)
_VOUCHER = re.compile(
    r"\b(?:voucher|coupon|free|education(?:al)?|grant(?:ed)?|provided|gave|given|allowance|"
    r"budget|allocated|trial|net|covered|limit|quota|starting)\b",
    re.I,
)
_NOT_CLOUD = re.compile(r"\bgithub\b|\bactions?\b|\bminutes\b|\bwandb\b|\bw&b\b|\bopenai\b", re.I)
_TOTAL = re.compile(
    r"\b(?:total|totally|in sum|altogether|all together|combined|overall|final cost|"
    r"sum of|summed|all in all|whole project|entire project)\b",
    re.I,
)
_SENTENCE_TOTAL = re.compile(r"^\W*(?:in total|overall|altogether|all in all|in sum|total)\b", re.I)
_MEMBER = re.compile(
    r"\bmember\b|(?<![A-Za-z0-9])s\d{6}\b|\bspender\b|\beach\b|\bper (?:person|member|student)\b|"
    r"\bapiece\b|\bmy (?:own )?account\b|\bindividual(?:ly)?\b",
    re.I,
)
_WE_SPENT = re.compile(
    r"\b(?:we|us|our group|our team|the group|the team|our project|the project)\b.{0,80}?\b"
    + _SPEND
    + r"\b|\bcredits?\s+(?:used|spent|consumed)\b"
    r"|\b(?:total|cost|bill|spend(?:ing)?|expenses?|usage)\b.{0,40}"
    r"\b(?:was|were|is|came to|amount(?:ed)? to|ended (?:up )?at|landed at|totall?ed|reached)\b",
    re.I | re.S,
)
_PART = re.compile(
    r"\b(?:most expensive|costing the most|costed the most|cost the most|biggest|largest|bulk|"
    r"the rest|rest of|most of (?:this|it|that|which)|of which|single|second|followed by|"
    r"accounting for|breakdown|majority|main expense|mainly|primarily|compared)\b|"
    r"\b(?:storage|bucket|buckets|gcs|vertex|compute|engine|vm|vms|instances?|networking|network|"
    r"registry|artifact|artifacts|cloud run|cloud build|cloud functions?|run functions|gpu|gpus|"
    r"training|bigquery|secret manager|logging|monitoring|container registry|kubernetes|gke|"
    r"app engine|pub/?sub|firestore|sweep|api gateway)\b",
    re.I,
)
_HELD_BEFORE = re.compile(
    r"\b(?:had|have|has|got|get|received|receive|were given|was given|gave us|give us|"
    r"start(?:ed|ing)? (?:out )?with|began with|begin with)\s+"
    r"(?:a |an |the |our |about |around |only |just )*(?:total of )?(?:[$\u20ac]\s*)?$",
    re.I,
)
# "Peter used 4 dollars": a person's name right before the spending verb.
# "... and then the bill came up to $19.59": a running total updated later in the answer
_FINAL_BEFORE = re.compile(
    r"\b(?:the|our)\s+(?P<subject>\w+)\s+(?:came up to|came to|rose to|grew to|went up to|"
    r"increased to|climbed to|ended up at|reached)\s*(?:about|around|approximately|roughly|~)?"
    r"\s*(?:[$\u20ac]\s*)?$",
    re.I,
)
_NAMED_SPENDER = re.compile(
    r"\W*(?:and\s+)?(?P<name>[A-Z\u00c0-\u00de][a-z\u00df-\u017f]+)"
    r"(?:\s+[A-Z\u00c0-\u00de][a-z\u00df-\u017f]+)?\s+"
    r"(?:has\s+|have\s+|had\s+|only\s+|also\s+)*(?:spent|used|consumed|burned|burnt)\b"
)
_NOT_NAMES = frozenset(
    re.findall(
        r"\S+",
        "we our they it this that these those he she you i google gcp gcloud everyone everybody "
        "somebody someone nobody overall in total altogether together all most which who",
    )
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBER_WORDS.update({str(n): n for n in range(2, 7)})
_COUNT = re.compile(
    r"\b(?:the |all )?(?P<n>two|three|four|five|six|[2-6])\s+(?:of us|members|group members|"
    r"students|people|accounts)\b",
    re.I,
)
_EACH_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,3}?(?:each|apiece|per (?:person|member))\b", re.I)
# "spent 12 of the allotted 50 credits": the second amount is the budget the first came from
_BUDGET_OF = (
    r"\b(?:of|out of|from)\s+(?:the|our|his|her|their|my|a|an|each)?\s*"
    r"(?:allotted|allocated|available|given|granted|free|initial|total|whole|entire|original|"
    r"starting)?\s*(?:[$\u20ac]\s*|USD\s*|EUR\s*|DKK\s*)?"
)
_BUDGET_BEFORE = re.compile(r"\d[^\d]{0,25}" + _BUDGET_OF + "$", re.I)
_BUDGET_AFTER = re.compile(r"^\s*" + _BUDGET_OF + r"\d", re.I)
# "$41 left of the $50": what remains, so the spend is the difference
_LEFT_AFTER = re.compile(
    r"^\s*(?:\$|USD|US dollars?|dollars?|euros?|EUR|DKK|kr\.?|kroner|credits?)?\s*"
    r"(?:left|remaining|remain|unused)\b",
    re.I,
)
# "our bill ended at $4", "the cost was about 3 euros": the amount the bill came to
_BILL_BEFORE = re.compile(
    r"\b(?:total|cost|costs|bill|spend(?:ing)?|expenses?|usage)\b.{0,40}\b(?:was|were|is|"
    r"came to|amount(?:ed)? to|ended (?:up )?at|landed at|totall?ed|reached)\s*"
    r"(?:about|around|approx\.?|approximately|roughly|only|just|~)?\s*(?:[$\u20ac]\s*)?$",
    re.I,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|\n")
_CLAUSE_SPLIT = re.compile(r"[,;:]|\s(?:which|while|whereas|but|so|since|because|and then)\s", re.I)


@dataclass(frozen=True)
class _Amount:
    value: float
    unit: str | None
    kind: str  # final | total | total_weak | total_weaker | member | part | neutral | excluded
    # | budget | left
    words: str = ""
    context: str = ""


def _normalise(answer: str) -> str:
    text = unwrap(answer)
    text = re.sub(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)", r" \1 ", text)
    text = re.sub(r"\b(?:https?://|www\.)\S+", " ", text)
    text = drop_emphasis(drop_html_tags(text))
    if "\\$" in text:
        # LaTeX: escaped dollars are currency, bare ones are math delimiters.
        text = text.replace("\\$", "\x00").replace("$", " ").replace("\x00", "$")
    text = re.sub(r"\\[,;:! ]", " ", text).replace("\\", "")
    return re.sub(r"[ \t]+", " ", text)


def _number(raw: str) -> float:
    """'1,59' -> 1.59, '1,000' -> 1000, '1.000,50' -> 1000.5, '223.81' -> 223.81."""
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return float(raw.replace(thousands, "").replace(decimal, "."))
    for sep in ",.":
        if sep in raw:
            head, _, tail = raw.rpartition(sep)
            if len(tail) == 3 and head.replace(sep, "") not in ("", "0"):
                return float(raw.replace(sep, ""))
            return float(raw.replace(sep, "", raw.count(sep) - 1).replace(sep, "."))
    return float(raw)


def _unit_of(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    for key, unit in (("usd", "USD"), ("eur", "EUR"), ("dkk", "DKK"), ("credits", "credits")):
        if match.groupdict().get(key):
            return unit
    return None


_MAX_AMOUNTS = 200
_BRACKETED = re.compile(r"\([^()]*(?:\)|$)")


class _Sentence:
    """One sentence with its clause cuts and sentence-wide cues computed once."""

    def __init__(self, text: str, amounts: list[tuple[int, int]]) -> None:
        self.text = text
        # Each "in total"/"overall" belongs to the amount nearest to it ("A used $5, B used $6
        # and in total $11" makes only $11 the total).
        self.total_owner: set[int] = set()
        for keyword in _TOTAL.finditer(text):
            nearest = min(
                amounts,
                key=lambda a, k=keyword: min(abs(a[0] - k.end()), abs(k.start() - a[1])),
            )
            self.total_owner.add(nearest[0])
        cuts = list(_CLAUSE_SPLIT.finditer(text))
        self.cut_starts = [c.start() for c in cuts]
        self.cut_ends = [c.end() for c in cuts]
        self.member = bool(_MEMBER.search(text))
        self.opens_with_total = bool(_SENTENCE_TOTAL.search(text))
        self.we_spent = bool(_WE_SPENT.search(text))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the clause around text[start:end] (cut at commas, 'which', 'but'...)."""
        index = bisect_right(self.cut_ends, start)
        left = self.cut_ends[index - 1] if index else 0
        index = bisect_left(self.cut_starts, end)
        right = self.cut_starts[index] if index < len(self.cut_starts) else len(self.text)
        return left, right


def _outside_brackets(sentence: str, left: int, right: int, start: int) -> str:
    """The clause without bracketed asides that do not hold the amount.

    "$4.56 (Vertex AI $3.10, ...)" is a total followed by its breakdown; "Compute Engine
    (around $0.44)" is a part, so an amount inside brackets keeps its whole clause.
    """
    clause = sentence[left:right]
    depth_at = start - left
    opened = clause.rfind("(", 0, depth_at)
    if opened >= 0 and clause.find(")", opened, depth_at) < 0:
        return clause  # the amount sits inside brackets
    return _BRACKETED.sub(" ", clause)


def _classify(s: _Sentence, start: int, end: int, bare: bool) -> str:
    sentence = s.text
    left, right = s.clause(start, end)
    clause = _outside_brackets(sentence, left, right, start)
    before = sentence[left:start]
    after = sentence[end : end + 40]
    if _PRICE_AFTER.match(after) or _PRICE_CLAUSE.search(clause) or _NOT_CLOUD.search(clause):
        return "excluded"
    if _BUDGET_BEFORE.search(sentence[max(0, start - 60) : start]):
        return "budget"  # "of the allotted $50": what the spend came out of
    if _LEFT_AFTER.match(after):
        return "left"
    # "came up to $19" is the amount reached, not an upper bound
    final = _FINAL_BEFORE.search(sentence[max(0, start - 60) : start])
    if final and not _PART.search(final.group("subject")):
        return "final"
    base = max(0, start - 40)
    bound = _BOUND_BEFORE.search(sentence[base:start])
    if (
        bound
        and (
            re.search(r"\b(?:the|our|an?)\s", bound.group())  # "less than the $50 voucher"
            or not _NEARLY.search(
                sentence[max(0, base + bound.start() - 20) : base + bound.start()]
            )
        )
    ):
        return "excluded"
    if _HELD_BEFORE.search(before):
        return "excluded"  # "we had $50 in credits": what was available, not what was spent
    member = bool(_MEMBER.search(clause))
    # Words about this amount only: stop at the neighbouring amounts.
    w_left = max(left, start - 30)
    previous = list(re.finditer(r"\d", sentence[w_left:start]))
    if previous:
        w_left += previous[-1].end()
    following = re.search(r"\d", sentence[end : min(right, end + 30)])
    w_right = end + following.start() if following else min(right, end + 30)
    window = sentence[w_left:w_right]
    spent_by_member = member and re.search(_SPEND, before, re.I)
    # "we spent 600 DKK using free codes": a voucher word after an amount that a spending
    # verb governs says how the spend was paid, not what the voucher was worth
    governed = re.search(r"\b" + _SPEND + r"\b", sentence[w_left:start], re.I)
    voucher_text = sentence[w_left:start] if governed else window
    if _VOUCHER.search(voucher_text) and not spent_by_member:
        return "excluded"
    total = start in s.total_owner and bool(_TOTAL.search(clause))
    part = bool(_PART.search(clause))
    if member:
        return "member"
    if total and not part:
        return "total"
    sentence_member = s.member and not re.match(r"\W*(?:we|our)\b", clause, re.I)
    if sentence_member and not part:
        return "member"
    if part:
        return "part"
    named = _NAMED_SPENDER.match(clause)
    if named and named.group("name").lower() not in _NOT_NAMES:
        return "member"
    if s.opens_with_total:
        return "total"
    if s.we_spent:
        # "we are at $47.91, so we have spent $2.09": the amount the spending verb governs
        # beats one that only shares its sentence
        governs = re.search(_SPEND, before, re.I) or _BILL_BEFORE.search(before)
        return "total_weak" if governs else "total_weaker"
    return "excluded" if bare else "neutral"


def _amounts(sentence: str) -> list[_Amount]:
    found: list[tuple[int, int, float, str | None, bool, int]] = []
    for match in _NUMBER.finditer(sentence):
        start, end = match.span()
        before, after = sentence[max(0, start - 12) : start], sentence[end : end + 60]
        pre = _PRE_UNIT.search(before)
        post = _POST_UNIT.match(after)
        unit = _unit_of(pre) or _unit_of(post)
        if unit == "credits" or unit is None:
            filled = _POST_UNIT_FILLED.match(after)
            unit = _unit_of(filled) or unit
        bare = unit is None
        budget = _BUDGET_AFTER.match(after)
        if bare:
            if not _BARE_CONTEXT.search(sentence[max(0, start - 40) : start]):
                continue
            if _NOT_MONEY_AFTER.match(after):
                continue
            if budget:
                # "spent 12 of the allotted 50 credits": the budget's unit is the spend's
                later = _amounts_unit(sentence[end + budget.end() - 1 : end + budget.end() + 40])
                unit, bare = later or unit, later is None
        elif post is None and pre is not None and _NOT_MONEY_AFTER.match(after):
            continue
        amount_start = max(0, start - 12) + pre.start() if pre else start
        words_end = end + (post.end() if post else 0)
        found.append((amount_start, end, _number(match.group("num")), unit, bare, words_end))
    if not found:
        return []
    context = _Sentence(sentence, [(start, end) for start, end, *_ in found])
    out: list[_Amount] = []
    for start, end, value, unit, bare, words_end in found:
        kind = _classify(context, start, end, bare)
        count = _COUNT.search(sentence)
        if kind == "member" and count and _EACH_AFTER.match(sentence[end : end + 40]):
            # "the three of us spent $2 each": the amount stands for that many members
            value *= _NUMBER_WORDS.get(count.group("n").lower(), 1)
        words = sentence[start:words_end].strip()
        out.append(_Amount(value, unit, kind, words, sentence.strip()))
    return out


def _amounts_unit(text: str) -> str | None:
    """The unit of the amount at the start of ``text`` ("50 credits" -> "credits")."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    pre = _PRE_UNIT.search(text[max(0, match.start() - 12) : match.start()])
    after = text[match.end() :]
    post = _POST_UNIT.match(after) or _POST_UNIT_FILLED.match(after)
    return _unit_of(pre) or _unit_of(post)


def _result(amount: float, unit: str | None) -> dict:
    return {"amount": round(amount, 2), "unit": unit or "credits"}


def extract_credits(answer: str) -> dict | None:
    """``{"amount": float, "unit": "USD"|"EUR"|"DKK"|"credits"}`` spent in total, else None."""
    return read_credits(answer).value


# A bare number standing alone under the credits question: "14.20", "Total: 4.37",
# "Around 31 in total."
_LONE_NUMBER = re.compile(
    r"^\W*(?:(?:total|in total|overall|about|around|approx\.?|approximately|roughly|circa|"
    r"ca\.?|~|we used|used|spent)\W*)*" + _NUM + r"\W*(?:in total|total|overall|spent|used)?\W*$",
    re.I,
)


def _fact(amount: _Amount, unit: str | None, rule: str) -> Fact:
    fact = Fact(_result(amount.value, unit), rule, amount.words, amount.context)
    if unit is None:
        fact.doubt("no unit is written; read as credits")
    return fact


def read_credits(answer: str) -> Fact:
    """The credits a Q24/Q27 answer says were spent, as a :class:`Fact` (value None if unread)."""
    text = _normalise(answer)
    amounts: list[_Amount] = []
    sentences = [s for s in bounded_pieces(text, _SENTENCE_SPLIT) if s.strip()]
    for sentence in sentences:
        if len(amounts) >= _MAX_AMOUNTS:
            break  # a real answer names a few dozen amounts at most
        amounts.extend(_amounts(sentence))
    units = Counter(a.unit for a in amounts if a.unit and a.kind != "excluded")
    default_unit = units.most_common(1)[0][0] if units else None
    finals = [a for a in amounts if a.kind == "final"]
    if finals:
        return _fact(finals[-1], finals[-1].unit or default_unit, "credits.updated_total")
    for kind in ("total", "total_weak", "total_weaker"):
        found = [a for a in amounts if a.kind == kind]
        if found:
            fact = _fact(found[0], found[0].unit or default_unit, f"credits.{kind}")
            if kind == "total_weaker":
                fact.doubt("the spending verb does not govern this amount")
            # a conversion ("125 DKK (~$18)") is the same total in another unit
            others = sorted(
                {a.words for a in found if a.value != found[0].value and a.unit == found[0].unit}
            )
            if others:
                fact.candidates = others
                fact.doubt("several totals are stated")
            return fact
    left = _left_over(amounts, default_unit)
    if left is not None:
        return left
    members = [a for a in amounts if a.kind == "member"]
    if members:
        member_units = Counter(a.unit for a in members if a.unit)
        unit = member_units.most_common(1)[0][0] if member_units else default_unit
        same = [a for a in members if a.unit in (unit, None)]
        total = _Amount(sum(a.value for a in same), unit, "member", same[0].words, same[0].context)
        fact = _fact(total, unit, "credits.member_sum")
        if len(same) > 1:
            fact.words = None  # a sum is written nowhere; the candidates show its parts
            fact.candidates = [a.words for a in same]
            fact.doubt("only per-member amounts are given; their sum is read")
        return fact
    neutral = [a for a in amounts if a.kind in ("neutral", "budget")]
    if neutral and neutral[0].kind == "neutral":
        fact = _fact(neutral[0], neutral[0].unit or default_unit, "credits.only_amount")
        return fact.doubt("no 'total' or spending verb near the amount")
    lone = _lone_number(sentences)
    if lone is not None:
        return lone
    return _unread(amounts)


def _left_over(amounts: list[_Amount], default_unit: str | None) -> Fact | None:
    """ "$41 left of the $50": the spend is the budget minus what is left."""
    for index, amount in enumerate(amounts[:-1]):
        budget = amounts[index + 1]
        if amount.kind == "left" and budget.kind == "budget" and budget.value >= amount.value:
            unit = amount.unit or budget.unit or default_unit
            spent = _Amount(budget.value - amount.value, unit, "left", amount.words, amount.context)
            fact = _fact(spent, unit, "credits.budget_minus_left")
            fact.candidates = [amount.words, budget.words]
            return fact.doubt("computed as the budget minus what is left")
    return None


def _lone_number(sentences: list[str]) -> Fact | None:
    """A number with no unit standing alone under the question: read as credits, low."""
    for sentence in sentences:
        match = _LONE_NUMBER.match(sentence.strip())
        if match is None:
            continue
        value = _number(match.group("num"))
        if value.is_integer() and 1900 <= value <= 2100:
            continue  # a year
        amount = _Amount(value, None, "neutral", match.group("num"), sentence.strip())
        return _fact(amount, None, "credits.lone_number")
    return None


def _unread(amounts: list[_Amount]) -> Fact:
    fact = Fact(None, "credits.none")
    seen = [a.words for a in amounts if a.words][:8]
    if seen:
        fact.candidates = seen
        fact.doubt("amounts are given, but none reads as what was spent")
    return fact
