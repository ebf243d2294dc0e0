"""The evidence check's parts on their own: rules file, template matching, secrets, contributors,
proof links, the --baseline argument."""

from __future__ import annotations

import pytest

from harvester.evidence.baseline import Baseline
from harvester.evidence.contributors import analyse, write_access_verdict
from harvester.evidence.rules import RuleError, load_rules, parse_rules
from harvester.evidence.secrets import redact_text, scanner
from harvester.evidence.template_repo import BaselineError, parse_spec
from harvester.evidence.verdicts import RepoView, decide, find_proofs
from harvester.export.evidence_html import proof_url
from harvester.parse.bank import all_banks

KEY = "3f9a1c7e5b2d4f608a9c1e3b5d7f9a2c4e6b8d01"


def test_every_checklist_item_has_a_rule_and_only_code_items_may_say_no():
    rules = load_rules().items
    assert {item.id for bank in all_banks() for item in bank.checklist} <= set(rules)
    for rule in rules.values():
        assert rule.may_say_no == (rule.trace == "code")
        assert rule.trace in ("process", "repository", "history") or rule.patterns


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"items": {"x": {"trace": "code"}}}, "needs evidence patterns"),
        ({"items": {"x": {"trace": "magic"}}}, "trace must be one of"),
        (
            {"file_sets": {"a": {"match": "."}},
             "items": {"x": {"trace": "code", "evidence": [{"path": "(", "files": "a",
                                                              "strength": "strong"}]}}},
            "item x, pattern 1: bad regex",
        ),
        (
            {"items": {"x": {"trace": "code", "evidence": [{"path": "a", "files": "nope",
                                                              "strength": "strong"}]}}},
            "unknown file set 'nope'",
        ),
    ],
)  # fmt: skip
def test_malformed_rules_are_refused_with_the_item_named(doc, message):
    with pytest.raises(RuleError, match=message):
        parse_rules(doc)


def test_cookiecutter_placeholders_match_any_project_name():
    base = Baseline.build(
        "t",
        {"{{cookiecutter.repo_name}}/src/{{cookiecutter.project_name}}/data.py": "a" * 40},
        {"{{cookiecutter.repo_name}}/src/{{cookiecutter.project_name}}/data.py":
         'NAME = "{{ cookiecutter.project_name }}"\n{%- if x %}\nclass MyDataset(Dataset):\n'},
    )  # fmt: skip
    assert base.candidates("src/mushroom/data.py")
    assert base.lines_are_template("src/mushroom/data.py", ['NAME = "mushroom"'])
    assert base.file_is_template("src/mushroom/data.py", "b" * 40,
                                 'NAME = "mushroom"\n\nclass MyDataset(Dataset):\n')  # fmt: skip
    assert not base.file_is_template("src/mushroom/data.py", "b" * 40, "import kaggle\n")
    assert base.file_is_template("anything/else.py", "a" * 40, None)  # same object id


def test_docs_checklist_copies_are_claims_not_evidence():
    rule = load_rules().items["hydra"]
    copy = "* [x] Used Hydra to load the configurations and manage your hyperparameters (M11)\n"
    repo = RepoView(files={"README.md": None}, texts={"README.md": copy})
    assert decide(rule, find_proofs(rule, repo, None), repo).verdict == "no"
    repo.texts["README.md"] += "We configure runs with Hydra.\n"
    verdict = decide(rule, find_proofs(rule, repo, None), repo)
    assert verdict.verdict == "weak" and verdict.proofs[0].line == 2


def test_no_becomes_not_verifiable_when_files_were_not_read_or_notebooks_exist():
    rule = load_rules().items["quantization"]
    partial = RepoView(files={"a.py": None}, texts={"a.py": "x = 1\n"}, complete=False)
    assert decide(rule, [], partial).verdict == "not_verifiable"
    notebook = RepoView(files={"a.py": None, "nb/q.ipynb": None}, texts={"a.py": "x = 1\n"})
    assert decide(rule, [], notebook).verdict == "not_verifiable"
    assert decide(rule, [], RepoView(files={"a.py": None}, texts={})).verdict == "no"


def test_secrets_are_redacted_reported_and_stay_found_after_redaction():
    with scanner():
        text, found = redact_text(f"FROM python:3.12\nENV WANDB_API_KEY={KEY}\n", "Dockerfile")
        assert KEY not in text and [(f.line, f.path) for f in found] == [(2, "Dockerfile")]
        again, found_again = redact_text(text, "Dockerfile")
        assert again == text and [f.line for f in found_again] == [2]
        dvc = "outs:\n- md5: 20bfae4c8d1f0a7b9e3c5d2f1a0b9c8d\n  path: data\n"
        assert redact_text(dvc, "data.dvc") == (dvc, [])  # a checksum is not a credential
        code, found = redact_text(f'wandb.login(key="{KEY}")\n', "train.py")
        assert KEY not in code and found


def test_contributors_merge_identities_drop_bots_and_match_members():
    commits = [
        {"author": "Ida Holm", "email": "ida@x.dk", "date": "2026-01-10T10:00:00+01:00",
         "parents": ["a"], "files": ["a.py"]},
        {"author": "ida-h", "email": "123+ida-h@users.noreply.github.com",
         "date": "2026-01-11T10:00:00+01:00", "parents": ["b"], "files": ["b.py"]},
        {"author": "Ida Holm", "email": "123+ida-h@users.noreply.github.com",
         "date": "2026-01-12T10:00:00+01:00", "parents": ["c"], "files": ["a.py"]},
        {"author": "dependabot[bot]", "email": "49699333+dependabot[bot]@users.noreply.github.com",
         "date": "2026-01-12T10:00:00+01:00", "parents": ["d"], "files": ["req.txt"]},
        {"author": "unknown", "email": "s250318@student.dtu.dk",
         "date": "2026-01-13T10:00:00+01:00", "parents": ["e", "f"], "files": []},
    ]  # fmt: skip
    result = analyse({"commits": commits}, roster=["s250311", "s250318"],
                     report_members=["s250311", "ida-h"], github=None)  # fmt: skip
    rows = {r["author"].split(" <")[0]: r for r in result["contributors"]}
    assert set(rows) == {"Ida Holm", "unknown"}  # one Ida, no bot
    assert rows["Ida Holm"]["commits"] == 3 and rows["Ida Holm"]["files_touched"] == 2
    assert rows["Ida Holm"]["member"] == "ida-h" and rows["Ida Holm"]["login"] == "ida-h"
    assert rows["unknown"]["member"] == "s250318" and rows["unknown"]["merges"] == 1
    assert write_access_verdict(result["contributor_summary"])["verdict"] == "yes"
    assert write_access_verdict({"authors": 1, "members": 3})["verdict"] == "weak"
    assert write_access_verdict({"authors": 2, "members": 0})["verdict"] == "not_verifiable"


def test_proof_links_only_to_github_at_the_deadline_commit():
    sha = "a" * 40
    assert proof_url("https://github.com/org/repo.git", sha, "src/my file.py", 7) == (
        f"https://github.com/org/repo/blob/{sha}/src/my%20file.py#L7"
    )
    assert proof_url("https://gitlab.com/org/repo", sha, "a.py", 1) is None
    assert proof_url("https://github.com/org/repo", "HEAD", "a.py", 1) is None
    assert proof_url("https://github.com/org/repo", sha, "", None) is None


def test_baseline_argument():
    assert parse_spec("git@github.com:org/template.git").at is None
    spec = parse_spec("https://github.com/org/template@2025-01-02", "Europe/Copenhagen")
    assert spec.repo == "https://github.com/org/template" and spec.at.year == 2025
    assert parse_spec("https://user:tok@github.com/org/t").shown == "https://github.com/org/t"
    with pytest.raises(BaselineError):
        parse_spec("  ")


def test_proof_names_the_line_the_match_is_about_once():
    """`^\\s*def` starts on the blank lines before `def`: the proof names the `def` line (where a
    GitHub link goes), and two patterns finding that line give one proof."""
    rule = load_rules().items["typing_docs"]
    text = '"""Data."""\nimport json\n\n\ndef stars_to_label(stars: int) -> int:\n    return 1\n'
    repo = RepoView(files={"src/pkg/data.py": None}, texts={"src/pkg/data.py": text})
    proofs = find_proofs(rule, repo, None)
    assert len(proofs) == 2  # both strong patterns found it...
    verdict = decide(rule, proofs, repo)
    assert verdict.verdict == "yes"
    assert [(p.path, p.line) for p in verdict.proofs] == [("src/pkg/data.py", 5)]  # ...shown once
    assert verdict.proofs[0].excerpt == "def stars_to_label(stars: int) -> int:"


def test_every_content_proof_line_holds_text():
    """Generic, for any rule: a match that begins with whitespace or newlines is numbered from its
    first visible character."""
    rules = parse_rules({
        "file_sets": {"all": {"match": "."}},
        "items": {"x": {"trace": "code", "evidence": [
            {"files": "all", "content": r"\s+steps:\s*\n\s*- run", "strength": "strong"},
        ]}},
    })  # fmt: skip
    text = "name: ci\njobs:\n  test:\n\n\n    steps:\n      - run: pytest\n"
    repo = RepoView(files={"ci.yml": None}, texts={"ci.yml": text})
    (proof,) = find_proofs(rules.items["x"], repo, None)
    assert proof.line == 6 and text.split("\n")[proof.line - 1].strip() == "steps:"
    assert proof.excerpt == "steps: ⏎ - run: pytest"


def test_a_figure_proof_names_the_figure_without_the_readme_line_and_once():
    """The architecture answer's figure is the proof; the README line it is shown on belongs to
    README.md, not to the PNG, and the diagram-file pattern finding the same PNG is one proof."""
    rule = load_rules().items["architecture_diagram"]
    ref = {"src": "figures/architecture.png", "alt": "our architecture", "line": 777,
           "resolved": "figures/architecture.png", "missing": False, "in_code": False}  # fmt: skip
    repo = RepoView(
        files={"reports/figures/architecture.png": None, "reports/README.md": None},
        texts={},
        images={"architecture": [ref]},
    )
    verdict = decide(rule, find_proofs(rule, repo, None), repo)
    assert verdict.verdict == "yes"
    assert [(p.path, p.line) for p in verdict.proofs] == [
        ("reports/figures/architecture.png", None)
    ]


FAKE_KEY = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        ("src/wb.py", f'WANDB_API_KEY={FAKE_KEY}\nimport wandb\nwandb.login(key="{FAKE_KEY}")\n',
         FAKE_KEY),  # the scanner reports a value once per file: every copy goes
        ("api.dockerfile", f"FROM python:3.11\nENV WANDB_API_KEY {FAKE_KEY}\n", FAKE_KEY),
        ("README.md", f"Run `export WANDB_API_KEY={FAKE_KEY}` first.\n", FAKE_KEY),
        ("train.ipynb", '{"source": ["wandb.login(key=\\"' + FAKE_KEY + '\\")"]}\n', FAKE_KEY),
        ("src/db.py", 'URL = "postgresql://admin:Sup3rS3cretPw@db.example.com/x"\n',
         "Sup3rS3cretPw"),
        ("sa.json", '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEF'
         'AASC\\n-----END PRIVATE KEY-----\\n"}\n', "MIIEvQIBADANBgkqhkiG9w0BAQEF"),
        ("crlf.env", f'API_KEY="{FAKE_KEY}"\r\nOTHER="{FAKE_KEY}"\r\n', FAKE_KEY),
    ],
)  # fmt: skip
def test_credentials_detect_secrets_misses_are_redacted_everywhere(path, text, secret):
    with scanner():
        redacted, findings = redact_text(text, path)
    assert secret not in redacted
    assert findings and all(f.path == path for f in findings)


def test_a_path_to_a_key_file_or_an_ordinary_name_is_not_a_credential():
    text = (
        "ENV GOOGLE_APPLICATION_CREDENTIALS=/keys/dtumlops-sentiment-f74832ed9b30.json\n"
        'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")\nmax_tokens = 512\n'
        'model_name = "resnet50_pretrained_imagenet1k"\n'
    )
    with scanner():
        assert redact_text(text, "trainer.dockerfile") == (text, [])
