# ruff: noqa: E501  (fixture file contents read best as one line each)
"""A synthetic cohort for the evidence check: real git repositories with known ticks and files.

- `template`: the course's cookiecutter template (placeholders in paths and lines).
- group 1: real work, with its evidence in unusual places (a `cloudbuilds/` folder, a deploy
  step as YAML list arguments, Terraform, a `*.run.app` URL in code, `mkdocs gh-deploy` in
  tasks.py, training code in `model_run.py`), a committed W&B key, two authors and a .mailmap.
- group 2: ticks backed only by files identical to the template's (or only by its lines),
  claims with no trace (Hydra through yaml.safe_load, Lightning), a dependency-only DVC, and an
  item done but not ticked.
- group 3: an unreachable repository.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = "2026-01-24T23:59:00+01:00"
WANDB_KEY = "3f9a1c7e5b2d4f608a9c1e3b5d7f9a2c4e6b8d01"
_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    out = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **_ENV, **(env or {})},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, f"git {args}: {out.stderr}"
    return out.stdout.strip()


def commit(repo: Path, files: dict[str, str], when: str, author: tuple[str, str], msg: str) -> None:
    for path, text in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo, "add", "-A")
    name, email = author
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}  # fmt: skip
    git(repo, "commit", "-q", "--allow-empty", "-m", msg, env=env)


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "uploadpack.allowFilter", "true")
    git(path, "config", "uploadpack.allowAnySHA1InWant", "true")
    return path


def checklist(done: set[str], partial: set[str] = frozenset()) -> str:
    """A 2026 report whose checklist ticks exactly `done` (official item texts from the bank)."""
    bank = json.loads((ROOT / "harvester" / "bank" / "2026.json").read_text())
    lines = ["# Exam template for 02476 Machine Learning Operations", "",
             "## Overall project checklist", ""]  # fmt: skip
    for item in bank["checklist"]:
        mark = "x" if item["id"] in done else "-" if item["id"] in partial else " "
        tag = f" ({'+'.join(item['modules'])})" if item["modules"] else ""
        lines.append(f"* [{mark}] {item['text']}{tag}")
    lines += ["", "## Group information", "", "### Question 1", "> **Enter the group number**",
              "", "Answer: 1", "", "### Question 29",
              "> **Include a figure that describes the overall architecture of your system**",
              "", "Answer:", "", "![arch](figures/architecture.png)", ""]  # fmt: skip
    return "\n".join(lines)


TEMPLATE_TASKS = '''from invoke import Context, task

PROJECT_NAME = "{{cookiecutter.project_name}}"


@task
def test(ctx: Context) -> None:
    """Run tests."""
    ctx.run("coverage run -m pytest tests/", echo=True, pty=True)
'''
TEMPLATE_FILES = {
    "{{cookiecutter.repo_name}}/tasks.py": TEMPLATE_TASKS,
    "{{cookiecutter.repo_name}}/.pre-commit-config.yaml": "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.8.4\n    hooks:\n      - id: ruff\n",
    "{{cookiecutter.repo_name}}/tests/__init__.py": "",
    "{{cookiecutter.repo_name}}/tests/test_model.py": "",
    "{{cookiecutter.repo_name}}/.github/workflows/tests.yaml": "name: Unit Tests\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest tests/\n",
    "{{cookiecutter.repo_name}}/src/{{cookiecutter.project_name}}/model.py": "from torch import nn\n\n\nclass Model(nn.Module):\n    \"\"\"Just a dummy model to show how to structure your code\"\"\"\n",
    "{{cookiecutter.repo_name}}/requirements.txt": "# add your requirements here\n",
    "{{cookiecutter.repo_name}}/reports/README.md": "# report template\n",
}  # fmt: skip

G1_WHEN = "2026-01-20T12:00:00+01:00"
G1_FILES = {
    "reports/README.md": "",  # filled in build_cohort
    "reports/figures/architecture.png": "png",
    ".python-version": "3.12\n",
    ".mailmap": "Ida Holm <s250311@student.dtu.dk> ida-laptop <ida@laptop.local>\n",
    "pyproject.toml": '[project]\nname = "mushroom"\ndependencies = ["torch", "fastapi", "hydra-core", "wandb", "dvc[gs]"]\n',
    "requirements.txt": "torch\nfastapi\n",
    "tasks.py": 'from invoke import task\n\n\n@task\ndef docs(ctx):\n    """Publish the docs."""\n    ctx.run("mkdocs gh-deploy --force")\n',
    "mkdocs.yml": "site_name: mushroom\n",
    "docs/index.md": "# Mushroom classifier\n\nHow to use it.\n",
    "data.dvc": "outs:\n- md5: 20bfae4c8d1f0a7b9e3c5d2f1a0b9c8d.dir\n  path: data\n",
    ".dvc/config": "[core]\n    remote = storage\n['remote \"storage\"']\n    url = gs://mushroom-data\n",
    "configs/config.yaml": "defaults:\n  - _self_\nlr: 0.001\nbatch_size: 32\n",
    "configs/train.yaml": f"wandb:\n  project: mushroom\n  api_key: {WANDB_KEY}\n",
    "src/mushroom/__init__.py": "",
    "src/mushroom/model_run.py": (
        "import hydra\nimport torch\nimport wandb\nfrom torch import nn\n\n\n"
        "@hydra.main(config_path='../../configs', config_name='config', version_base=None)\n"
        "def main(cfg) -> None:\n    model = nn.Linear(4, 2)\n"
        "    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)\n"
        "    wandb.init(project='mushroom')\n    loss = model(torch.ones(4)).sum()\n"
        "    loss.backward()\n    optimizer.step()\n"
    ),
    "src/mushroom/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/')\ndef root() -> dict:\n    return {'ok': True}\n",
    "src/mushroom/frontend.py": "import streamlit as st\n\nBACKEND = 'https://mushroom-api-abc123-ew.a.run.app/predict'\nst.title('Mushrooms')\n",
    "tests/test_api.py": "from fastapi.testclient import TestClient\n\nfrom mushroom.api import app\n\n\ndef test_root():\n    assert TestClient(app).get('/').status_code == 200\n",
    "dockerfiles/api.dockerfile": "FROM python:3.12-slim\nCOPY src src\n",
    "cloudbuilds/api.yaml": (
        "steps:\n- name: gcr.io/cloud-builders/docker\n  args: ['build', '-t', 'api', '.']\n"
        "- name: gcr.io/google.com/cloudsdktool/cloud-sdk\n  entrypoint: gcloud\n  args:\n"
        "  - run\n  - deploy\n  - mushroom-api\n  - --region=europe-west1\n"
    ),
    "infra/main.tf": 'resource "google_monitoring_alert_policy" "latency" {\n  display_name = "API latency"\n}\n',
    ".github/workflows/tests.yaml": (
        "name: tests\non: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    strategy:\n"
        "      matrix:\n        os: [ubuntu-latest, windows-latest]\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n          cache: pip\n"
        "      - run: ruff check .\n      - run: pytest tests/\n"
    ),
}  # fmt: skip
G1_TICKS = {
    "git_repo", "git_write_access", "dedicated_env", "requirements_file", "data_version_control",
    "dockerfiles", "config_files", "hydra", "wandb", "model_training_script", "fastapi",
    "api_tests", "ci", "ci_caching_matrix", "ci_linting", "gcp_bucket_dvc",
    "docker_build_trigger", "gcp_deploy", "frontend", "alerts", "documentation",
    "docs_github_pages", "architecture_diagram", "shared_understanding",
}  # fmt: skip
# Everything group 1 has evidence for: every tick above except shared_understanding (a process
# item), plus what its files show without a tick (cli: invoke tasks; typing: `-> None`).
G1_EXPECTED = {
    **dict.fromkeys(G1_TICKS - {"shared_understanding", "git_write_access"}, "yes"),
    "git_write_access": "weak",  # 2 authors for 3 roster members
    "shared_understanding": "not_verifiable",
    "revisit_project": "not_verifiable",
    "cli": "yes",
    "typing_docs": "yes",
    "code_uploaded": "yes",
    "cookiecutter": "yes",  # tasks.py + src/<project>/ layout
    "pep8": "yes",  # ruff run by the CI workflow
    "data_script": "no",
    "logging": "no",
    "docker_build_local": "not_verifiable",
    "profiling": "not_verifiable",
    "hparam_sweep": "no",
    "code_coverage": "not_verifiable",
    "unit_tests_data": "no",
    "unit_tests_model": "no",
    "pre_commit": "no",
    "workflow_data_change": "not_verifiable",
    "workflow_model_registry": "not_verifiable",
    "gcp_training": "not_verifiable",
    "load_test": "not_verifiable",
    "pytorch_lightning": "no",
    "ml_deployment_api": "no",
    "data_drift_robustness": "no",
    "input_output_collection": "no",
    "drift_detection_api": "no",
    "system_metrics": "no",
    "cloud_monitoring": "not_verifiable",
    "distributed_data_loading": "no",
    "distributed_training": "no",
    "quantization": "no",
}

G2_WHEN = "2026-01-21T12:00:00+01:00"
G2_FILES = {
    "reports/README.md": "",
    # The template's files with its placeholders filled in: identical lines, other object ids.
    "tasks.py": TEMPLATE_TASKS.replace("{{cookiecutter.project_name}}", "leaves"),
    ".pre-commit-config.yaml": TEMPLATE_FILES["{{cookiecutter.repo_name}}/.pre-commit-config.yaml"],
    "tests/__init__.py": "",
    "tests/test_model.py": "",
    ".github/workflows/tests.yaml": TEMPLATE_FILES["{{cookiecutter.repo_name}}/.github/workflows/tests.yaml"],
    "src/leaves/model.py": TEMPLATE_FILES["{{cookiecutter.repo_name}}/src/{{cookiecutter.project_name}}/model.py"],
    "requirements.txt": "# add your requirements here\ndvc\n",
    "src/leaves/train.py": "import yaml\n\nCONFIG = yaml.safe_load(open('configs/params.yaml'))\n",
    "configs/params.yaml": "lr: 0.01\n",
    "src/leaves/app.py": "import streamlit as st\n\nst.title('Leaves')\n",
}  # fmt: skip
G2_TICKS = {
    "unit_tests_model",
    "pre_commit",
    "ci",
    "hydra",
    "pytorch_lightning",
    "data_version_control",
}
G2_EXPECTED = {
    "unit_tests_model": "template",  # only the template's empty test file
    "pre_commit": "template",
    "pep8": "template",  # ruff only in the template's pre-commit config
    "ci": "template",
    "hydra": "no",  # configs read with yaml.safe_load
    "pytorch_lightning": "no",
    "data_version_control": "weak",  # only a dependency
    "requirements_file": "yes",  # a line beyond the template's
    "cookiecutter": "yes",  # the template's files are the evidence for this one
    "frontend": "yes",  # done but not ticked
    "config_files": "yes",
    "cli": "template",  # the template's invoke tasks only
    "model_training_script": "template",  # the template's model stub
    "typing_docs": "template",  # only the template's docstring
    "code_coverage": "template",  # the template's `coverage run` task
    "code_uploaded": "yes",
    "dedicated_env": "weak",  # requirements only
    "git_write_access": "weak",  # one author for two members
    "architecture_diagram": "weak",  # the answer shows a figure that is not in the repository
}


def build_cohort(tmp: Path) -> dict[str, Path]:
    """Create the repositories, the roster and return their paths."""
    template = new_repo(tmp / "remotes" / "template")
    commit(template, TEMPLATE_FILES, "2025-12-01T10:00:00+01:00", ("Course", "c@x.dk"), "template")

    g1 = new_repo(tmp / "remotes" / "g1")
    files = {**G1_FILES, "reports/README.md": checklist(G1_TICKS)}
    ida_old = ("ida-laptop", "ida@laptop.local")
    commit(g1, {k: files[k] for k in list(files)[:9]}, G1_WHEN, ida_old, "start")
    commit(g1, {k: files[k] for k in list(files)[9:]}, "2026-01-22T12:00:00+01:00",
           ("Mads Kjær", "s250318@student.dtu.dk"), "code")  # fmt: skip
    commit(g1, {"docs/index.md": files["docs/index.md"] + "More.\n"},
           "2026-01-23T12:00:00+01:00", ("Mads Kjær", "s250318@student.dtu.dk"), "docs")  # fmt: skip
    commit(g1, {"docs/late.md": "late\n"}, "2026-01-25T12:00:00+01:00",
           ("Late", "late@x.dk"), "after the deadline")  # fmt: skip

    g2 = new_repo(tmp / "remotes" / "g2")
    files2 = {**G2_FILES, "reports/README.md": checklist(G2_TICKS)}
    commit(g2, files2, G2_WHEN, ("Solo", "solo@x.dk"), "everything")

    roster = tmp / "groups.csv"
    roster.write_text(
        "group,repo,members\n"
        f"1,{g1},s250311 s250318 s250342\n"
        f"2,{g2},s250401 s250402\n"
        f"3,{tmp / 'remotes' / 'missing'},s250501\n"
    )
    return {"template": template, "g1": g1, "g2": g2, "roster": roster}
