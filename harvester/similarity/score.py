"""How strong a pair's shared text is, and the sentences that say why it was flagged.

Strength weighs density and contiguity, not one count: how many words are shared (template text,
common phrasing and set-aside code excluded), the longest unbroken run, and the largest share of
either answer that is shared. It only orders pairs for review; the reviewer decides.
"""

from __future__ import annotations

from harvester.similarity.passages import Alignment
from harvester.similarity.settings import Settings


def strength_parts(al: Alignment, share_a: float, share_b: float, s: Settings) -> dict[str, float]:
    """Each part in 0..1: saturates at the setting's value (more is no more suspicious)."""
    return {
        "words": min(1.0, al.informative_words / s.saturation["words"]),
        "run": min(1.0, al.rare_run / s.saturation["run"]),
        "share": min(1.0, max(share_a, share_b) / s.saturation["share"]),
    }


def strength(parts: dict[str, float], s: Settings) -> float:
    total = sum(s.weights.values()) or 1.0
    return round(sum(s.weights[k] * parts[k] for k in parts) / total, 3)


def flagged(al: Alignment, value: float, s: Settings) -> bool:
    """Enough informative shared words AND enough strength, or sentences copied nearly word for
    word at length (with a few informative words): never one number alone."""
    if al.informative_words >= s.min_informative_words and value >= s.min_strength:
        return True
    return al.close_words >= s.close_min_words and al.informative_words >= s.close_min_informative


def reasons(
    al: Alignment,
    sides: tuple[str, str],
    shares: tuple[float, float],
    parts: dict[str, float],
    value: float,
    code_words: int,
    s: Settings,
) -> list[str]:
    """Plain sentences for the TA: what is shared, how contiguous, how much of each answer."""
    n = len(al.passages)
    out = [
        f"{al.shared_words} words in {n} passage{'s' if n != 1 else ''} appear in both answers; "
        f"{al.informative_words} of them are neither common words nor the question's own words.",
        f"Longest unbroken shared run: {al.longest_run} words ({al.rare_run} of them not common "
        "phrasing).",
        f"{al.close_words} shared words are in sentences that are near copies of each other "
        f"(difflib ratio >= {s.close_ratio:g}).",
        f"Shared: {shares[0]:.0%} of {sides[0]}'s answer, {shares[1]:.0%} of {sides[1]}'s.",
        f"Strength {value:.2f} = weighted words {parts['words']:.2f}, run {parts['run']:.2f}, "
        f"share {parts['share']:.2f} (weights {s.weights['words']:g}/{s.weights['run']:g}/"
        f"{s.weights['share']:g}).",
        "Not counted: the template text of every generation, the question's own words, phrases "
        f"found in more than {s.common_max_answers} answers to this question, and code/commands.",
    ]
    if code_words:
        out.append(f"Code and commands also shared: {code_words} words (shown, not scored).")
    return out
