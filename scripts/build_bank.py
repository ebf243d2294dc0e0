"""Regenerate harvester/bank/<generation>.json from the official templates.

The checked-in JSON files are the source of truth; this script only saves typing when a new
template generation appears. Ids and keys are human-written in the tables below so they stay
stable across template wording changes. Usage:

    python scripts/build_bank.py ../shared/templates harvester/bank
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Which template files (named <date>_<hash>.md) belong to which generation: by question count and
# the 2026 checklist item, i.e. what the text is. The newest file of a generation is its reference.
GENERATION_RULES = ("2023", "2025", "2026")

# Question keys per generation (number -> key). Human-written, stable.
KEYS_2023 = {
    1: "group_number", 2: "study_numbers", 3: "frameworks", 4: "dependencies",
    5: "code_structure", 6: "code_quality", 7: "tests", 8: "code_coverage",
    9: "branches_prs", 10: "dvc", 11: "ci", 12: "experiment_config", 13: "reproducibility",
    14: "experiment_tracking", 15: "docker", 16: "debugging_profiling", 17: "gcp_services",
    18: "compute_engine", 19: "bucket_images", 20: "registry_images", 21: "build_images",
    22: "deployment", 23: "monitoring", 24: "credits", 25: "architecture", 26: "struggles",
    27: "contributions",
}  # fmt: skip
KEYS_2025 = {
    1: "group_number", 2: "study_numbers", 3: "frameworks", 4: "dependencies",
    5: "code_structure", 6: "code_quality", 7: "tests", 8: "code_coverage",
    9: "branches_prs", 10: "dvc", 11: "ci", 12: "experiment_config", 13: "reproducibility",
    14: "experiment_tracking", 15: "docker", 16: "debugging_profiling", 17: "gcp_services",
    18: "compute_engine", 19: "bucket_images", 20: "registry_images", 21: "build_images",
    22: "cloud_training", 23: "api", 24: "deployment", 25: "api_testing", 26: "monitoring",
    27: "credits", 28: "extras", 29: "architecture", 30: "struggles", 31: "contributions",
}  # fmt: skip

# Image limits are not in the template text (DESIGN.md, from the course's checker).
IMAGE_LIMITS = {
    "2023": {14: [1, 3], 19: [1, 2], 20: [1, 1], 21: [1, 1], 25: [1, 1]},
    "2025": {14: [1, 3], 19: [1, 2], 20: [1, 2], 21: [1, 2], 29: [1, 1]},
}
IMAGE_LIMITS["2026"] = IMAGE_LIMITS["2025"]

# Checklist ids: (distinctive words in the item text, id). First match wins; same id across
# generations where the item asks for the same thing.
CHECKLIST_IDS = [
    ("create a git repository", "git_repo"),
    ("write access", "git_write_access"),
    ("dedicated environment", "dedicated_env"),
    ("initial file structure using cookiecutter", "cookiecutter"),
    ("make_dataset.py", "data_script"),
    ("data.py", "data_script"),
    ("add a model", "model_training_script"),
    ("requirements", "requirements_file"),
    ("pep8", "pep8"),
    ("code typing", "typing_docs"),
    ("version control for your data", "data_version_control"),
    ("command line interfaces", "cli"),
    ("construct one or multiple docker files", "dockerfiles"),
    ("build the docker files locally", "docker_build_local"),
    ("configurations files", "config_files"),
    ("hydra", "hydra"),
    ("profiling", "profiling"),
    ("use logging", "logging"),
    ("weights & biases", "wandb"),
    ("hyperparameter optimization sweep", "hparam_sweep"),
    ("lightning", "pytorch_lightning"),
    ("unit tests related to the data", "unit_tests_data"),
    ("unit tests related to model", "unit_tests_model"),
    ("coverage", "code_coverage"),
    ("get some continuous integration running", "ci"),
    ("add caching and multi-os", "ci_caching_matrix"),
    ("linting step", "ci_linting"),
    ("pre-commit", "pre_commit"),
    ("triggers when data changes", "workflow_data_change"),
    ("model registry", "workflow_model_registry"),
    ("gcp bucket", "gcp_bucket_dvc"),
    ("trigger workflow for automatically building", "docker_build_trigger"),
    ("model training in gcp", "gcp_training"),
    ("fastapi", "fastapi"),
    ("torchserve", "torchserve"),
    ("deploy your model in gcp", "gcp_deploy"),
    ("write api tests", "api_tests"),
    ("load test", "load_test"),
    ("onnx or bentoml", "ml_deployment_api"),
    ("frontend", "frontend"),
    ("data drifting", "data_drift_robustness"),
    ("input-output data", "input_output_collection"),
    ("drift detection api", "drift_detection_api"),
    ("system telemetry", "monitoring_telemetry"),
    ("performance of your deployed model", "monitoring_performance"),
    ("system metrics", "system_metrics"),
    ("cloud monitoring of your instrumented", "cloud_monitoring"),
    ("alert systems", "alerts"),
    ("distributed data loading", "distributed_data_loading"),
    ("distributed model training", "distributed_training"),
    ("distributed training", "distributed_training"),
    ("quantization", "quantization"),
    ("write some documentation", "documentation"),
    ("github pages", "docs_github_pages"),
    ("revisit your initial project description", "revisit_project"),
    ("architectural diagram", "architecture_diagram"),
    ("understanding about all parts", "shared_understanding"),
    ("uploaded all your code", "code_uploaded"),
]

LENGTH_RE = re.compile(r"answer length:\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
TAG_RE = re.compile(r"\s*\(((?:M\d+)(?:\s*\+\s*M\d+)*)\)\s*$")


def generation_of(text: str) -> str:
    """Classify one official template by its content."""
    n_questions = len(re.findall(r"^### Question \d+", text, re.MULTILINE))
    if n_questions <= 27:
        return "2023"
    if "collection of input-output data" in text:
        return "2026"
    return "2025"


def checklist_id(text: str) -> str:
    low = text.lower()
    for needle, item_id in CHECKLIST_IDS:
        if needle in low:
            return item_id
    raise SystemExit(f"no checklist id for: {text!r}")


def parse_checklist(lines: list[str]) -> list[dict]:
    items: list[dict] = []
    week = None
    inside = False
    for line in lines:
        if line.startswith("## Overall project checklist"):
            inside = True
            continue
        if inside and line.startswith("## "):
            break
        if not inside:
            continue
        heading = re.match(r"^###\s+(.*)$", line)
        if heading:
            title = heading.group(1).strip()
            week_no = re.match(r"Week\s+(\d+)", title)
            week = week_no.group(1) if week_no else title.lower()
            continue
        item = re.match(r"^\* \[ \] (.*)$", line)
        if item:
            items.append({"text": item.group(1).strip(), "week": week})
        elif items and line.startswith("  ") and line.strip():
            items[-1]["text"] += " " + line.strip()
    out = []
    for item in items:
        text = item["text"]
        tag = TAG_RE.search(text)
        modules = re.findall(r"M\d+", tag.group(1)) if tag else []
        if tag:
            text = text[: tag.start()].strip()
        out.append(
            {"id": checklist_id(text), "text": text, "week": item["week"], "modules": modules}
        )
    return out


def parse_questions(lines: list[str]) -> tuple[list[dict], dict[str, str]]:
    questions: list[dict] = []
    intros: dict[str, str] = {}
    section = None
    current = None
    for line in lines:
        sec = re.match(r"^## (.*)$", line)
        if sec:
            section = sec.group(1).strip()
            current = None
            continue
        q = re.match(r"^### Question (\d+)", line)
        if q:
            current = {"number": int(q.group(1)), "section": section, "bold": [], "example": [],
                       "length": None}  # fmt: skip
            questions.append(current)
            continue
        if current is None:
            if section and line.startswith("> ") and section not in ("Overall project checklist",):
                intros[section] = (intros.get(section, "") + " " + line[2:].strip()).strip()
            continue
        body = line[1:].strip() if line.startswith(">") else None
        if body is None:
            continue
        length = LENGTH_RE.search(body)
        if length:
            current["length"] = [int(length.group(1)), int(length.group(2))]
            continue
        if body.startswith("**") and not current["example"]:
            current["bold"].append(body.strip("*").strip())
        elif body.startswith("*") and body not in ("*",):
            current["example"].append(body.strip("*").strip())
    return questions, intros


def build(templates: Path) -> dict[str, dict]:
    by_gen: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(templates.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        by_gen.setdefault(generation_of(text), []).append((path.name, text))
    banks = {}
    for gen, files in by_gen.items():
        keys = KEYS_2023 if gen == "2023" else KEYS_2025
        variants: dict[int, list[str]] = {}
        for _name, text in files:
            qs, _ = parse_questions(text.splitlines())
            for q in qs:
                joined = " ".join(q["bold"])
                if joined not in variants.setdefault(q["number"], []):
                    variants[q["number"]].append(joined)
        ref_name, ref_text = files[-1]
        lines = ref_text.splitlines()
        questions, intros = parse_questions(lines)
        bank_questions = []
        for q in questions:
            n = q["number"]
            text = " ".join(q["bold"])
            bank_questions.append(
                {
                    "number": n,
                    "key": keys[n],
                    "section": q["section"],
                    "text": text,
                    "text_variants": [v for v in variants[n] if v != text],
                    "example": " ".join(q["example"]),
                    "word_limit": q["length"],
                    "image_limit": IMAGE_LIMITS[gen].get(n),
                }
            )
        checklist = []
        for _name, text in reversed(files):  # newest template that has a checklist
            checklist = parse_checklist(text.splitlines())
            if checklist:
                break
        banks[gen] = {
            "generation": gen,
            "reference_template": ref_name,
            "templates": [name for name, _ in files],
            "sections": intros,
            "questions": bank_questions,
            "checklist": checklist,
        }
    return banks


def main(argv: list[str]) -> int:
    templates = Path(argv[0]) if argv else Path("../shared/templates")
    out = Path(argv[1]) if len(argv) > 1 else Path("harvester/bank")
    for gen, bank in build(templates).items():
        path = out / f"{gen}.json"
        path.write_text(json.dumps(bank, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path}: {len(bank['questions'])} questions, {len(bank['checklist'])} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
