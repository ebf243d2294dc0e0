"""harvester.export.rates: the conversion config behind the USD columns and its CLI syntax."""

from __future__ import annotations

import pytest

from harvester.export.rates import (
    DEFAULT_RATES,
    canonical_unit,
    describe_rates,
    merged_rates,
    parse_rates,
    to_usd,
)


def test_defaults_cover_every_unit_the_parser_emits() -> None:
    assert set(DEFAULT_RATES) == {"USD", "EUR", "DKK", "credits"}
    assert DEFAULT_RATES["USD"] == DEFAULT_RATES["credits"] == 1.0
    # DKK is pegged to EUR (ERM II central rate 7.46038), so the two defaults must agree.
    assert DEFAULT_RATES["DKK"] * 7.46038 == pytest.approx(DEFAULT_RATES["EUR"], rel=1e-4)


def test_parse_rates_reads_the_cli_syntax() -> None:
    assert parse_rates("EUR=1.08,DKK=0.145") == {"EUR": 1.08, "DKK": 0.145}
    assert parse_rates(" eur = 1.1 , Credits=1 ") == {"EUR": 1.1, "credits": 1.0}
    assert parse_rates("GBP=1.27") == {"GBP": 1.27}
    assert parse_rates("") == {}
    assert parse_rates("EUR=1.08,") == {"EUR": 1.08}  # a trailing comma is forgiven


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("EUR", "not UNIT=USD_PER_UNIT"),
        ("EUR=abc", "'abc' for EUR is not a number"),
        ("EUR=-1", "must be a positive number"),
        ("EUR=0", "must be a positive number"),
        ("EUR=nan", "must be a positive number"),
        ("EUR=inf", "must be a positive number"),
        ("=1.0", "is not a unit name"),
        ("E UR=1", "is not a unit name"),
        ("EUR=1,,DKK=2", "entry 2 is empty"),
        ("EUR=1,eur=2", "EUR is given twice"),
    ],
)
def test_parse_rates_rejects_bad_specs_clearly(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match="rates: .*" + message.replace("?", r"\?")):
        parse_rates(spec)


def test_merged_rates_lays_overrides_over_defaults() -> None:
    merged = merged_rates({"eur": 2.0, "GBP": 1.25})
    assert merged["EUR"] == 2.0 and merged["GBP"] == 1.25 and merged["USD"] == 1.0
    assert merged_rates(None) == DEFAULT_RATES
    assert DEFAULT_RATES["EUR"] != 2.0  # defaults untouched


def test_to_usd() -> None:
    rates = merged_rates(None)
    assert to_usd(10.0, "EUR", rates) == round(10 * rates["EUR"], 2)
    assert to_usd(100, "dkk", rates) == round(100 * rates["DKK"], 2)
    assert to_usd(6.12, "credits", rates) == 6.12
    assert to_usd(5.0, "GBP", rates) is None
    assert to_usd(None, "USD", rates) is None
    assert to_usd(5.0, None, rates) is None
    assert to_usd(float("nan"), "USD", rates) is None


def test_canonical_unit() -> None:
    assert [canonical_unit(u) for u in ("usd", " Eur ", "CREDITS", "dkk")] == [
        "USD",
        "EUR",
        "credits",
        "DKK",
    ]


def test_describe_rates_names_every_number_and_the_source() -> None:
    text = describe_rates(DEFAULT_RATES)
    assert all(f"1 {unit} = {rate:g} USD" in text for unit, rate in DEFAULT_RATES.items())
    assert "ECB" in text and "7.46038" in text
    assert "overridden" in describe_rates(merged_rates({"EUR": 2.0}))
