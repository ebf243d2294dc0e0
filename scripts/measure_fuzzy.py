"""Measure the fuzzy service-name threshold on a labelled corpus.

Every list-item head of question 17 that no exact vocabulary rule names is matched against the
vocabulary; a match is right when the labelled services hold its id. Heads of the other answers'
lists ("Data:", "Training:", "Note:") name no service there, so any match of theirs is wrong;
the curated misspellings of ``bank/services.json`` are right matches too (each scored against
the other forms). The output gives the score range that keeps every right match and no wrong one
(``harvester.parse.facts.vocabulary.FUZZY_THRESHOLD`` should sit inside it).

    .venv/bin/python scripts/measure_fuzzy.py ../shared/corpus
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from harvester.parse import parse_file
from harvester.parse.facts.vocabulary import FUZZY_THRESHOLD, vocabulary
from harvester.parse.services import unnamed_heads


def main(root: Path) -> int:
    vocab = vocabulary()
    right: list[float] = []
    wrong: list[float] = []
    for labels_path in sorted(root.rglob("labels.json")):
        labels = json.loads(labels_path.read_text("utf-8"))
        expected = set(labels.get("services") or [])
        record = parse_file(labels_path.parent / "README.md")
        for answer in record["answers"]:
            q17 = answer["key"] == "gcp_services"
            for head in unnamed_heads(answer["text"] or ""):
                query = vocab.strip_vendor(head).lower()
                best = vocab.best_match(query) if len(query) >= 4 else None
                if best is None:
                    continue
                form, score = best
                sid = vocab.fuzzy_entry(form)
                ok = q17 and sid in expected
                (right if ok else wrong).append(score)
                if q17 or score >= 70:
                    verdict = "right" if ok else "wrong"
                    print(f"{score:6.1f} {verdict:5} {head!r} ~ {form!r} ({sid})")
    for typo, sid in vocab.misspellings():
        best = vocab.best_match(typo, exclude=typo)
        if best is not None:
            ok = vocab.fuzzy_entry(best[0]) == sid
            (right if ok else wrong).append(best[1])
            print(f"{best[1]:6.1f} {'right' if ok else 'wrong':5} {typo!r} ~ {best[0]!r} (curated)")
    print("\nthreshold  right kept  wrong kept")
    for threshold in range(80, 100, 2):
        kept_right = sum(1 for score in right if score >= threshold)
        kept_wrong = sum(1 for score in wrong if score >= threshold)
        print(f"{threshold:9}  {kept_right:10}  {kept_wrong:10}")
    low = max(wrong, default=0.0)
    high = min(right, default=100.0)
    print(f"\n{len(right)} right, {len(wrong)} wrong near-misses")
    print(f"best wrong score {low:.1f}, worst right score {high:.1f}")
    print(f"threshold in use: {FUZZY_THRESHOLD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")))
