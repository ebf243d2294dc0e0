"""Output folders as a harvest leaves them, with answers written here, for the similarity tests."""

from __future__ import annotations

import json
import random
from pathlib import Path

from harvester.layout import OutputLayout

_WORDS = (
    "alpha bucket cluster dataset epoch feature gradient histogram index journal kernel lambda "
    "matrix network optimizer pipeline quantile registry sampler tensor upload vector worker "
    "yaml zone anchor beacon canvas delta ember falcon glacier harbor island jasmine kettle "
    "lantern meadow nectar orchard pebble quartz river saddle timber umbrella valley willow "
    "yarrow zephyr amber birch cedar dune elm fern grove heath iris juniper kelp lichen maple"
)
WORDS = _WORDS.split()


def filler(seed: int, sentences: int = 6) -> str:
    """Sentences of random words: unrelated answers share no passage by accident."""
    rng = random.Random(seed)
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."
        for _ in range(sentences)
    )


def write_cohort(
    root: Path, answers: dict[str, dict[str, str]], deadline: str = "2026-01-24T23:59:00+01:00"
) -> Path:
    """`root` as an output folder: roster.json, and per group snapshot.json + record.json."""
    groups = []
    for line, (group, by_key) in enumerate(answers.items(), start=2):
        folder = OutputLayout(root).group_dir(group)
        folder.mkdir(parents=True, exist_ok=True)
        snapshot = {"group": group, "status": "ok", "deadline": deadline}
        (folder / "snapshot.json").write_text(json.dumps(snapshot), encoding="utf-8")
        record = {
            "template": "2026",
            "answers": [
                {"question": number, "key": key, "text": text, "answered": True}
                for number, (key, text) in enumerate(by_key.items(), start=3)
            ],
        }
        (folder / "record.json").write_text(json.dumps(record), encoding="utf-8")
        groups.append({"group": group, "repo": f"x/{group}", "members": [], "line": line})
    roster = {"source": "test", "groups": groups, "errors": []}
    (root / "roster.json").write_text(json.dumps(roster), encoding="utf-8")
    return root


COPIED = (
    "Our nightly retraining job pulls the newest labelled shards from the archive bucket, "
    "rebuilds the vocabulary with a frequency floor of seven, and refuses to publish a "
    "checkpoint unless the macro F1 on the frozen holdout beats the previous release."
)
