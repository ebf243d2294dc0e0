"""Misspelt key words ("totla covrage", "overal") read as the word the writer meant.

Only the few words the coverage extractor keys on are corrected, and only when they are one
edit (a letter left out, added, changed or two swapped: rapidfuzz's OSA distance) from a key word
and are not real words of their own ("totals", "tonal").
Each corrected word is followed by :data:`MARK`, so a reading that relied on it can say so.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

MARK = "\ue000"  # private-use character: never in a real answer, invisible to the patterns
KEY_WORDS = ("coverage", "total", "overall")
# Real words close to a key word: never "corrected".
_REAL_WORDS = frozenset(["coverages", "overage", "totals", "totally", "overalls", "tonal"])
# Measured on every answer of ../shared/corpus (49 reports): one edit finds the misspellings
# there ("covereage", "totalt", "toatl") and no other word; two edits would also take "average",
# "converge" and "overly".
_MAX_EDITS = 1
_WORD = re.compile(r"[A-Za-z]{4,12}")


def correct_keywords(text: str) -> str:
    """``text`` with near-misses of the key words replaced (and marked)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if lowered in KEY_WORDS or lowered in _REAL_WORDS:
            return word
        for key in KEY_WORDS:
            if OSA.distance(lowered, key, score_cutoff=_MAX_EDITS + 1) <= _MAX_EDITS:
                return key + MARK
        return word

    return _WORD.sub(fix, text)
