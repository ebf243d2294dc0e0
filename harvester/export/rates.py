"""Currency conversion for the credits columns: every amount also shown as a USD equivalent.

Groups report what they spent in USD, EUR, DKK or "credits" (GCP credits are denominated in
USD). The staff compare groups, so the spreadsheet adds one USD column. The rates are fixed and
written into the spreadsheet next to the numbers (a TA must be able to see and redo the sum), and
a CLI flag can override them (``--rates EUR=1.08,DKK=0.145``).
"""

from __future__ import annotations

import math
import re

RATES_NOTE = (
    "USD per unit. EUR: approximate ECB euro reference rate of early January 2025 "
    "(1 EUR = 1.03 USD); DKK: the fixed ERM II central rate 7.46038 DKK per EUR at that EUR rate; "
    "credits: GCP credits are USD."
)

#: unit -> USD per unit of that unit. See RATES_NOTE for where the numbers come from.
DEFAULT_RATES: dict[str, float] = {
    "USD": 1.0,
    "credits": 1.0,
    "EUR": 1.03,
    "DKK": round(1.03 / 7.46038, 5),  # 0.13806
}

_UNIT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")


def canonical_unit(unit: str) -> str:
    """Units compare case-insensitively: 'usd' is 'USD', 'Credits' is 'credits'."""
    cleaned = unit.strip()
    if cleaned.lower() == "credits":
        return "credits"
    return cleaned.upper()


def parse_rates(spec: str) -> dict[str, float]:
    """Parse ``"EUR=1.08,DKK=0.145"`` (USD per unit) into ``{"EUR": 1.08, "DKK": 0.145}``.

    Only the given units are returned; the exporter lays them over :data:`DEFAULT_RATES`.
    Raises ValueError naming the bad entry, so a CLI can print it as it is.
    """
    rates: dict[str, float] = {}
    body = spec.strip().rstrip(",")  # "EUR=1.08," is fine; "EUR=1,,DKK=2" is a typo
    if not body.strip():
        return rates
    for position, raw in enumerate(body.split(","), start=1):
        entry = raw.strip()
        if not entry:
            raise ValueError(f"rates: entry {position} is empty in {spec!r}")
        unit, sep, number = entry.partition("=")
        unit, number = unit.strip(), number.strip()
        if not sep:
            raise ValueError(f"rates: {entry!r} is not UNIT=USD_PER_UNIT (e.g. EUR=1.08)")
        if not _UNIT_RE.fullmatch(unit):
            raise ValueError(f"rates: {unit!r} is not a unit name (letters, e.g. EUR)")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"rates: {number!r} for {unit} is not a number") from None
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"rates: {unit}={number} must be a positive number")
        key = canonical_unit(unit)
        if key in rates:
            raise ValueError(f"rates: {key} is given twice")
        rates[key] = value
    return rates


def merged_rates(rates: dict[str, float] | None) -> dict[str, float]:
    """DEFAULT_RATES with the overrides laid on top (keys made canonical)."""
    merged = dict(DEFAULT_RATES)
    for unit, value in (rates or {}).items():
        merged[canonical_unit(unit)] = float(value)
    return merged


def to_usd(amount: float | None, unit: str | None, rates: dict[str, float]) -> float | None:
    """USD equivalent, or None when the amount or the unit's rate is unknown."""
    if amount is None or unit is None or not isinstance(amount, int | float):
        return None
    if not math.isfinite(amount):
        return None
    rate = rates.get(canonical_unit(unit))
    return None if rate is None else round(amount * rate, 2)


def describe_rates(rates: dict[str, float]) -> str:
    """One line for the spreadsheet header comment: the exact numbers used."""
    parts = ", ".join(f"1 {unit} = {value:g} USD" for unit, value in rates.items())
    note = RATES_NOTE if rates == DEFAULT_RATES else "Rates overridden by the user."
    return f"{parts}. {note}"
