"""Synthetic exam-report answers for the similarity benchmark: real-shaped, written from scratch.

Each group gets a project (domain words, dataset, model, tool choices), and each answer is built
from sentence frames filled with the group's choices and shared course vocabulary, so answers of
different groups share what real ones share: domain terms and package names, commands in
backticks and code blocks, the template's example sentence filled in, the question rephrased,
and the converging phrasing of LLM-assisted writing. None of it is taken from a student report.

`plant()` copies a passage of one answer into another at three levels (verbatim, light edits,
heavy edits with the sentences reordered) and records where the template was quoted, so the
benchmark can tell a real find from a pair that only shares template text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

PROJECTS = [
    ("mushroom", "mushroom species", "fungi images", "ResNet-18", "timm"),
    ("sentiment", "tweet sentiment", "labelled tweets", "DistilBERT", "transformers"),
    ("fraud", "credit card fraud", "transaction records", "XGBoost", "xgboost"),
    ("eurosat", "land cover", "Sentinel-2 tiles", "a small CNN", "torchgeo"),
    ("keyword", "keyword spotting", "speech commands", "a 1D CNN", "torchaudio"),
    ("leaf", "plant disease", "leaf photographs", "EfficientNet", "timm"),
    ("enzyme", "enzyme stability", "protein sequences", "ESM-2", "transformers"),
    ("traffic", "traffic sign", "GTSRB images", "MobileNetV3", "albumentations"),
    ("music", "music genre", "audio clips", "an audio spectrogram transformer", "librosa"),
    ("xray", "pneumonia detection", "chest X-rays", "DenseNet-121", "monai"),
    ("news", "fake news", "news articles", "RoBERTa", "transformers"),
    ("weather", "rainfall forecasting", "weather station series", "an LSTM", "darts"),
    ("molecule", "molecule toxicity", "SMILES strings", "a GNN", "pytorch-geometric"),
    ("food", "food recognition", "Food-101 photos", "ViT-small", "timm"),
    ("retina", "diabetic retinopathy", "fundus images", "ConvNeXt", "timm"),
    ("review", "product review rating", "Amazon reviews", "BERT-base", "transformers"),
    ("birds", "bird species", "CUB-200 images", "a fine-tuned ResNet-50", "lightning"),
    ("energy", "energy demand", "smart meter readings", "a TFT", "pytorch-forecasting"),
    ("sketch", "sketch recognition", "QuickDraw strokes", "a small transformer", "einops"),
    ("clouds", "cloud segmentation", "satellite masks", "a U-Net", "segmentation-models-pytorch"),
]
DEP_TOOLS = ["uv", "pip", "conda", "poetry", "pipenv", "pip-tools"]
LINTERS = ["ruff", "flake8", "pylint", "black", "isort"]
TYPERS = ["mypy", "pyright", "type hints checked by mypy"]
DOCS = ["mkdocs", "docstrings in Google style", "sphinx", "pdoc"]
TRACKERS = ["Weights & Biases", "wandb", "MLflow", "TensorBoard"]
CONFIGS = ["Hydra", "OmegaConf", "typer options", "a YAML config file", "argparse"]
SERVING = ["FastAPI", "BentoML", "a Flask app", "TorchServe", "ONNX Runtime behind FastAPI"]
CLOUD = [
    "Cloud Run",
    "Vertex AI",
    "Compute Engine",
    "Cloud Build",
    "Artifact Registry",
    "Cloud Storage",
    "Secret Manager",
    "Cloud Monitoring",
    "Cloud Functions",
]
LOADTEST = ["locust", "k6", "a small locust script"]
PROFILERS = ["cProfile", "the PyTorch profiler", "snakeviz", "line_profiler", "py-spy"]

NOUNS_MORE = """
preprocessing step, augmentation, tokenizer, vocabulary, embedding layer, loss curve, confusion
matrix, validation split, test split, training loop, callback, early stopping, learning rate
warmup, gradient clipping, mixed precision, batch size, data loader worker, cache directory,
lock file, wheel, base image, multi-stage build, entrypoint, healthcheck, port mapping, volume,
environment variable, service account, IAM role, quota, region, zone, machine type, spot instance,
cold start, request timeout, concurrency setting, autoscaler, revision, traffic split, latency
percentile, throughput, error rate, log sink, uptime check, alert policy, notification channel,
drift report, reference dataset, feature store, label encoder, normalization constant, class
weight, imbalance, oversampling, threshold, calibration, inference script, ONNX export, quantized
model, pruning experiment, distillation run, sweep config, search space, seed, run name, artifact
alias, model card, registry entry, staging tag, production tag, release, changelog, docstring,
type annotation, linter rule, formatter config, pre-commit hook, matrix build, cache key, runner,
status badge, branch protection rule, merge conflict, rebase, squash merge, code owner, issue
template, milestone, kanban board, stand-up, retrospective, README section, Makefile target,
invoke task, CLI command, typer app, config group, override, sweeper plugin, profiler trace,
flame graph, hotspot, memory leak, bottleneck, unit test, integration test, fixture, mock,
parametrized test, coverage report, HTML report, dashboard panel, Streamlit page, upload widget,
JSON schema, pydantic model, response model, status code, endpoint path, OpenAPI page, load test
scenario, user class, spawn rate, p95 latency, GPU quota, billing alert, budget, credit balance
""".replace("\n", " ")
NOUNS = [n.strip() for n in NOUNS_MORE.split(",") if n.strip()] + [
    "pipeline",
    "workflow",
    "container",
    "image",
    "bucket",
    "endpoint",
    "script",
    "module",
    "function",
    "config",
    "checkpoint",
    "dataset",
    "dataloader",
    "experiment",
    "run",
    "job",
    "service",
    "branch",
    "commit",
    "test suite",
    "repository",
    "deployment",
    "artifact",
    "trigger",
    "metric",
    "dashboard",
    "alert",
    "log",
    "request",
    "batch",
    "epoch",
    "sweep",
    "hyperparameter",
    "environment",
    "dependency",
    "package",
    "virtual machine",
    "GPU",
    "instance",
    "secret",
    "model weights",
    "learning rate",
    "optimizer",
    "scheduler",
]
VERBS_MORE = (
    "rewrote",
    "simplified",
    "benchmarked",
    "parallelized",
    "mocked",
    "validated",
    "exported",
    "quantized",
    "pruned",
    "visualized",
    "plotted",
    "compared",
    "migrated",
    "renamed",
    "pinned",
    "upgraded",
    "downgraded",
    "patched",
    "wrapped",
    "exposed",
    "secured",
    "parametrized",
    "reviewed",
    "merged",
    "rebased",
    "reverted",
    "tagged",
    "released",
    "published",
    "archived",
    "cleaned",
    "normalized",
    "augmented",
    "balanced",
    "resampled",
    "sharded",
    "streamed",
    "serialized",
    "compressed",
    "restarted",
    "rescheduled",
    "throttled",
    "retried",
    "instrumented",
    "traced",
)
VERBS = list(VERBS_MORE) + [
    "set up",
    "configured",
    "wrote",
    "added",
    "built",
    "deployed",
    "automated",
    "tested",
    "refactored",
    "containerized",
    "monitored",
    "tracked",
    "versioned",
    "profiled",
    "logged",
    "tuned",
    "debugged",
    "integrated",
    "split",
    "cached",
    "scheduled",
    "documented",
]
VERB_BASE = [
    v[:-2] if v.endswith("ed") and not v.endswith("eed") else v
    for v in VERBS_MORE
    if v.endswith("ed")
] + [
    "set up",
    "configure",
    "write",
    "add",
    "build",
    "deploy",
    "automate",
    "test",
    "refactor",
    "containerize",
    "monitor",
    "track",
    "version",
    "profile",
    "log",
    "tune",
    "debug",
    "integrate",
    "split",
    "cache",
    "schedule",
    "document",
]
ADJS = [
    "noisy",
    "stale",
    "flaky",
    "slow",
    "fast",
    "cheap",
    "expensive",
    "nightly",
    "manual",
    "hidden",
    "global",
    "local",
    "remote",
    "temporary",
    "final",
    "initial",
    "baseline",
    "pretrained",
    "frozen",
    "quantized",
    "versioned",
    "tagged",
    "public",
    "private",
    "containerized",
    "cached",
    "parallel",
    "sequential",
    "default",
    "optional",
    "verbose",
    "broken",
    "patched",
    "outdated",
    "pinned",
    "duplicated",
    "unused",
    "deprecated",
    "experimental",
    "legacy",
    "async",
    "batched",
    "streaming",
    "sparse",
    "balanced",
    "simple",
    "small",
    "separate",
    "dedicated",
    "custom",
    "minimal",
    "shared",
    "reusable",
    "automatic",
    "reproducible",
    "lightweight",
    "robust",
    "consistent",
    "clean",
    "modular",
]
LLM_OPENERS = [
    "Overall,",
    "In summary,",
    "Additionally,",
    "Furthermore,",
    "Moreover,",
    "In addition,",
    "To this end,",
    "Importantly,",
    "As a result,",
    "Ultimately,",
]
LLM_CLAUSES = [
    "which ensures consistency across different environments",
    "which significantly streamlined our development workflow",
    "making it easier for all team members to collaborate effectively",
    "which plays a crucial role in maintaining code quality",
    "ensuring that the results are fully reproducible",
    "which helped us catch errors early in the development process",
    "allowing us to iterate quickly and confidently",
    "which is essential for larger projects with many contributors",
    "providing a seamless experience for both developers and users",
    "which made the whole process much more robust and maintainable",
    "which is considered best practice in MLOps",
    "thereby reducing the risk of human error",
    "which greatly improved the reliability of our system",
    "in line with industry standards",
    "which proved to be invaluable later on",
    "which saved us a significant amount of time",
    "a key aspect of building scalable machine learning systems",
    "fostering a culture of collaboration",
    "which enhanced the overall developer experience",
    "ensuring a smooth and efficient workflow",
    "leading to more maintainable code",
    "which is crucial for long-term maintainability",
    "minimizing potential bottlenecks",
    "thus promoting transparency and accountability",
    "which aligns with the course objectives",
    "enabling seamless integration with the rest of the stack",
]
COMMANDS = [
    "`pip install -r requirements.txt`",
    "`uv sync`",
    "`dvc pull`",
    "`docker build -f dockerfiles/train.dockerfile . -t train:latest`",
    "`invoke train`",
    "`pytest tests/`",
    "`coverage run -m pytest`",
    "`gcloud builds submit --config cloudbuild.yaml`",
    "`python src/{pkg}/train.py`",
    "`docker run --rm train:latest`",
    "`ruff check .`",
    "`uvicorn {pkg}.api:app --reload`",
    "`git clone <repo>` followed by `uv sync`",
]
CODE_BLOCKS = [
    "```bash\ngit clone https://github.com/group/{pkg}.git\ncd {pkg}\nuv sync\ndvc pull\n```",
    "```bash\npip install -r requirements.txt\npip install -e .\n```",
    "```bash\ndocker build -f dockerfiles/api.dockerfile . -t api:latest\n"
    "docker run -p 8000:8000 api:latest\n```",
    '```bash\ncurl -X POST -F "file=@sample.png" https://{pkg}-api-xyz.a.run.app/predict\n```',
]
# Sentence grammar: "{a|b|c}" picks one option (may be empty), "{name}" a slot of the group or of
# SLOTS; both nest. Many choices per sentence keep two groups from writing the same ten words by
# chance, while the short phrases they are built of recur across the cohort as real phrasing does.
SLOTS = {
    "we": "{we|we|we|we|we|we|we|our group|our team|the team|we as a team|in our project we}",
    "really": "{|||really |actually |mostly |quite |also |basically }",
    "used": "{used|relied on|went with|chose|opted for|made use of|settled on|picked}",
    "helped": "{helped us|made it possible|allowed us|made it easier|enabled us}",
    "because": "{because|since|as|given that}",
    "easy": "{easy|easier|straightforward|simple|painless|convenient}",
    "hard": "{hard|difficult|tricky|time-consuming|frustrating|challenging}",
    "then": "{Then|After that|Afterwards|Next|Later|Subsequently|Following this|Meanwhile}",
    "it": "{this|that|it|which}",
    "works": "{works|worked|runs|ran|behaves|behaved}",
    "thing": "{the {noun}|our {noun}|the {adj} {noun}|every {noun}|each {noun}}",
    "time": "{a lot of time|some time|more time than expected|a couple of days|most of a week|"
    "several hours}",
    "good": "{useful|valuable|helpful|worth it|essential|important|nice to have}",
    "who": "{name}",
    "file": "`{src/{pkg}/{data|model|train|api|evaluate|utils|features}.py|configs/{exp1|default|"
    "sweep|train}.yaml|dockerfiles/{train|api}.dockerfile|tests/test_{data|model|api}.py|"
    "tasks.py|cloudbuild.yaml|.github/workflows/{tests|lint|docker}.yaml}`",
    "reason": "{the old version broke {thing}|{we} wanted {faster|cheaper|simpler} {noun}s|{tool} "
    "kept crashing on {Windows|macOS|the VM}|the {data} did not fit in {memory|RAM|"
    "the GPU}|{who} asked for it in {a|the} {review|stand-up|retrospective}|{thing} was "
    "{flaky|slow|undocumented|{adj}}|{cloud} {refused|rejected|throttled} {thing}|"
    "{name} {verb} {thing} by mistake|the {metric} of {thing} was {number}|{thing} "
    "needed {n} {noun}s|nobody {understood|owned|tested} {thing}|{thing} and {thing} "
    "disagreed}",
    "metric": "{accuracy|F1|validation loss|AUC|top-5 accuracy|mean IoU|RMSE|latency}",
    "number": "{0.{n}|{n}.{n}|{n}%|{n} ms|{n} minutes}",
    "reason2": "{the {noun} broke|{name} left for a week|we switched to {tool}|a long debugging "
    "session|the {metric} looked wrong|a failed run on {cloud}|the review of {file}}",
    "when": "{in week {one|two|three}|on day {n}|{early|late} in January|{n} days before the "
    "deadline|after the lecture on {noun}s|during {name}'s {noun} sprint|while {name} "
    "was {verb} {thing}|between the {noun} and the {noun} milestones|on {Monday|Tuesday|"
    "Wednesday|Thursday|Friday} of week {one|two|three}}",
}
TOPIC = {
    "frameworks": [
        "{we} {used} {lib} {as our third-party package|as the framework outside the course|for the "
        "{domain} part}, {because} it {offered|had|provides|comes with} {adj} {building blocks|"
        "utilities|pretrained models|layers} for {domain}",
        "{lib} {gave us|provided|let us load} pretrained {model} weights, so {we} could focus on "
        "{thing} {rather than|instead of} the architecture",
        "{Without|Without using} {lib} {we} would have {spent|needed} {time} on {thing}",
    ],
    "dependencies": [
        "{we} {used} {dep} to {manage|handle|keep track of|pin} {our|all} dependencies {and kept "
        "them in|listed in|declared in} {depfile}",
        "A new {team member|member of the team|developer|person joining} {would|should|has to} "
        "clone the {repository|repo}, install {dep} and {run|call|execute} {cmd}",
        "{we} pinned {the versions|every version|exact versions} in {depfile} so {that|} "
        "{everyone|all of us|every member} {had|got|ended up with} {the same|identical} packages",
    ],
    "code_structure": [
        "{we} kept the cookiecutter {layout|structure|template} with {src/{pkg}|the src folder}, "
        "{tests|a tests folder} and {configs|a configs folder}",
        "{we} {removed|deleted|dropped} the {notebooks|docs|references} folder {since|as|because} "
        "{we} {did not|never} {use|need} it",
        "{we} added a {adj} folder for {thing}",
    ],
    "code_quality": [
        "{we} {used} {linter} for {linting|linting and formatting|code style} and {typer} for "
        "{typing|type checking}",
        "{Documentation|Our documentation} {was written|is written|lives} {as|in} {docs}",
        "{The|Our} pre-commit hooks {run|call|trigger} {linter} "
        "{before every commit|on each commit}",
    ],
    "tests": [
        "In total {we} {wrote|implemented|have} {n} tests {covering|for|that check} the data "
        "{loading|pipeline|processing} and {model} forward pass",
        "The API tests {call|hit|send requests to} the {noun} endpoint with a {adj} "
        "{request|payload}",
    ],
    "code_coverage": [
        "{Our|The} total code coverage is {pct}% {of the source code|of src|across the package}",
        "Even with 100% coverage {thing} could still {contain|have|hide} {bugs|errors|edge cases}",
    ],
    "branches_prs": [
        "{Every|Each} feature was {developed|built|written} on {its own|a separate|a dedicated} "
        "branch and merged {with|through|via} a pull request",
        "A pull request needed {one review|an approval|a review from another member} and {green "
        "tests|passing checks|a green CI run} before {merging|it could be merged}",
    ],
    "dvc": [
        "{we} stored the {data} in a {GCP|Google Cloud} bucket {tracked|versioned} {by|with} DVC",
        "DVC let us {go back|return|roll back} to {the previous|an older|an earlier} version of "
        "the {data} when {the preprocessing|our cleaning|the split} changed",
    ],
    "ci": [
        "{Our|The} GitHub Actions workflow {runs|executes|triggers} {linter} and the unit tests "
        "on every {push|pull request|commit}",
        "{we} test on {Ubuntu, macOS and Windows|Linux and Windows|three operating systems} with "
        "Python {3.11|3.12|3.11 and 3.12}",
        "Caching the {dep} environment {cut|reduced|brought down} the workflow time to "
        "{about|around|roughly} {n} seconds",
    ],
    "experiment_config": [
        "{Experiments|Runs|Training runs} are configured with {config} and "
        "{started|launched|run} with {cmd}"
    ],
    "reproducibility": [
        "{Every|Each} run {saves|stores|logs} its {config} config and the git commit in {tracker}",
        "{Seeds|Random seeds} are {fixed|set} for {torch, numpy and random|every library|all "
        "libraries}",
    ],
    "experiment_tracking": [
        "{we} tracked {training loss|the loss}, validation accuracy and {the learning rate|"
        "gradients} in {tracker}",
        "The {sweep|hyperparameter sweep|grid search} over {thing} is shown in the {second|third} "
        "{image|figure|screenshot}",
    ],
    "docker": [
        "{we} {built|made|developed} one image for training and one for the {serve} API",
        "The training image is {started|run|launched} with {cmd}",
    ],
    "debugging_profiling": [
        "{we} debugged with {breakpoints in VS Code|print statements|the debugger} and profiled "
        "with {prof}",
        "Profiling showed that {thing} was the {bottleneck|slowest part|main cost}",
    ],
    "gcp_services": [
        "{we} {used} {cloud} for {thing} and {cloud2} for the {images|containers}",
        "{cloud} {stored|held|kept} the {data} and the trained {model} weights",
    ],
    "compute_engine": [
        "{we} ran training on {an n1-standard-4|an e2-standard-8|a g2} VM with "
        "{a T4|an L4|no} GPU in Compute Engine"
    ],
    "cloud_training": [
        "{we} trained the {model} in the cloud with {cloud} {using|from} a custom container"
    ],
    "api": [
        "{we} wrote the API with {serve}; the {predict|/predict|inference} endpoint takes "
        "{an upload|a file|a JSON body} and returns the {domain} {class|label|prediction}",
        "The model is loaded once at startup {in the lifespan handler|when the app starts}",
    ],
    "deployment": [
        "{we} deployed the API to {cloud} and {call|invoke|query} it with {cmd}",
        "Locally {we} served the model with {cmd} before deploying it",
    ],
    "api_testing": [
        "Load testing with {load} showed {about|around|roughly} {n} requests per second before "
        "{errors|failures|timeouts}",
        "The unit tests use the {FastAPI|Starlette} test client",
    ],
    "monitoring": [
        "{we} added Prometheus metrics to the API and an alert in {cloud}",
        "Data drift between the training {data} and new requests is {checked|measured} with "
        "Evidently",
    ],
    "credits": [
        "In total {we} spent {usd} {dollars|USD|credits}, most of it on {cloud}",
        "{thing} on {cloud} was the most expensive part",
    ],
    "extras": ["{we} built a frontend in {Streamlit|Gradio} that calls the {serve} backend"],
    "architecture": [
        "The diagram starts with our local setup where {linter}, {dep} and {tracker} are "
        "integrated",
        "A push to main triggers Cloud Build, which builds the images and pushes them to "
        "Artifact Registry",
    ],
    "struggles": [
        "The biggest challenge was getting {thing} to work in {cloud}",
        "{we} spent {time} on {permissions and service accounts|IAM roles|quota issues}",
    ],
    "contributions": [
        "Student s25{sid} {set up|was in charge of|created} the cookiecutter project and {thing}",
        "{we} {used|relied on} {ChatGPT|GitHub Copilot|Copilot and ChatGPT} to help {write|debug} "
        "some of the code",
    ],
}
GENERIC = [
    "{who} {verb} {thing} in {file}, {because} {reason}",
    "{metric} went from {number} to {number} after {we} {verb} {thing}",
    "{when} {we} noticed that {thing} {was|had become} {flaky|slow|broken|out of date}",
    "{who} and {name} {spent|needed} {time} on {file} {because} {reason}",
    "{The|Our} {noun} in {file} {is|was} {verb} {when} {because} {reason}",
    "{we} {kept|moved|stored} the {adj} {noun} {in|next to|under} {file}",
    "{after|once} {who} {verb} {thing} {when}, {metric} {improved|dropped|stayed} "
    "{to|at|around} {number}",
    "{who} {suggested|insisted on|proposed} {tool} {when}, {because} {reason}",
    "{we} {really}{verb} {thing} for the {domain} {project|task|use case}",
    "{thing} was {verb} so that {thing} could be {reused|shared|run again|tested}",
    "For the {domain} {task|problem|model} {we} {verb} {thing} {using|with|through} {tool}",
    "{it} made {thing} {adj} and {easy} to {verb2}",
    "{thing} {depends|relies} on the {data} and {model}",
    "{we} {verb} {thing} and {later|afterwards|eventually} {verb2} {thing} as well",
    "It took us {n} {attempts|tries|iterations} before {thing} {works} with {tool}",
    "{thing} is {verb} automatically whenever {we} push to {main|the main branch}",
    "{we} could have {verb} {thing} earlier, but {thing} took priority",
    "{because} the {data} {is|are} {large|big|several gigabytes}, {thing} reads {it} "
    "{lazily|in chunks|on demand} from the bucket",
    "{then} {we} {verb} {thing}, which was {easy} {because} {tool} {already|} supports it",
    "{tool} {helped} {verb2} {thing} without {much|any} {effort|trouble|boilerplate}",
    "{we} found it {hard} to {verb2} {thing} {at first|in the beginning|early on}",
    "{thing} {works} {fine|well|reliably} {now|in the final version|at the deadline}",
    "{we} {really}{used} {tool} {because} it is {good} for {thing}",
]
# Compositional sentences: opener + subject + verb + object + one of many tails. Their fixed words
# are function words, so two groups share a skeleton no more often than real writers do.
OBJECTS = [
    "{thing}",
    "the {data}",
    "{model}",
    "{file}",
    "the {adj} {noun} in {file}",
    "{lib}",
    "{tool}",
    "the {noun} and the {noun}",
    "all {noun}s",
    "a {adj} {noun}",
    "two {noun}s",
    "the {domain} {noun}",
    "{name}'s {noun}",
    "the {noun} from {cloud}",
]
TAILS = [
    "",
    "",
    "",
    " {when}",
    " {because} {reason}",
    " with {tool}",
    " for the {domain} {noun}",
    " so that {thing} {works} {fine|better|faster}",
    " before {name} {verb2} {thing}",
    " in {file}",
    " on {cloud}",
    ", and {name} {verb2} {thing}",
    " without {name}'s help",
    " ({metric} {number})",
    ", {LLM}",
    " to {verb2} {thing} {when}",
    " after {reason2}",
]
SUBJECTS = [
    "{we}",
    "{name}",
    "{name} and {name}",
    "{thing}",
    "the {domain} team",
    "{it}",
    "{name} {really}",
]
VERB_PHRASES = [
    "{verb}",
    "{really}{verb}",
    "had to {verb2}",
    "{tried to|wanted to|managed to} {verb2}",
    "{never|finally|eventually} {verb}",
    "{did not|could not} {verb2}",
    "{started to|began to} {verb2}",
]


def _composed(g: Group) -> str:
    rng = g.rng
    opener = rng.choice(["", "", "", rng.choice(LLM_OPENERS) + " ", "{then} ", "{when}, "])
    frame = (
        opener
        + rng.choice(SUBJECTS)
        + " "
        + rng.choice(VERB_PHRASES)
        + " "
        + rng.choice(OBJECTS)
        + rng.choice(TAILS)
    )
    return _fill(frame, g)


SYNONYMS = {
    "used": "utilised",
    "use": "employ",
    "made": "created",
    "wrote": "implemented",
    "built": "constructed",
    "simple": "basic",
    "small": "compact",
    "separate": "distinct",
    "easy": "simple",
    "quickly": "rapidly",
    "helped": "assisted",
    "important": "crucial",
    "project": "assignment",
    "model": "network",
    "data": "dataset",
    "run": "execute",
    "because": "since",
    "also": "additionally",
    "later": "afterwards",
    "worked": "functioned",
    "lot": "great deal",
    "time": "effort",
    "biggest": "largest",
    "every": "each",
    "started": "launched",
    "kept": "maintained",
    "added": "included",
    "wanted": "aimed",
    "make": "ensure",
    "whole": "entire",
    "fast": "quick",
    "shows": "displays",
    "took": "needed",
}
FILLER = ["really", "actually", "basically", "then", "also", "mostly", "quite", "simply"]


@dataclass
class Group:
    """One synthetic group's choices: what its answers talk about."""

    rng: random.Random
    pkg: str
    domain: str
    data: str
    model: str
    lib: str
    dep: str
    linter: str
    tracker: str
    serve: str
    sid: int
    names: list[str] = field(default_factory=list)


@dataclass
class SynthAnswer:
    key: str
    text: str
    template_spans: list[tuple[int, int]] = field(default_factory=list)  # quoted template
    body_start: int = 0  # where the group's own sentences start (after template and rephrasing)


NAMES = [
    "Henrik",
    "Camilla",
    "Mathias",
    "Line",
    "Jakob",
    "Nanna",
    "Andreas",
    "Mette",
    "Simon",
    "Katrine",
    "Frederik",
    "Cecilie",
    "Kasper",
    "Louise",
    "Nikolaj",
    "Sarah",
    "Anders",
    "Ingrid",
    "Gustav",
    "Helena",
    "Ahmed",
    "Mei",
    "Pablo",
    "Ana",
    "Jan",
    "Eva",
    "Marco",
    "Chiara",
    "Olga",
    "Ivan",
    "Zoe",
    "Ben",
    "Hugo",
    "Lina",
    "Amir",
    "Leila",
    "Ravi",
    "Sofia",
    "Anna",
    "Mads",
    "Sofie",
    "Jonas",
    "Freja",
    "Emil",
    "Ida",
    "Lucas",
    "Clara",
    "Oskar",
    "Maja",
    "Noah",
    "Laura",
    "Viktor",
    "Alma",
    "Magnus",
    "Ella",
    "William",
    "Nora",
    "Karl",
    "Astrid",
    "Felix",
    "Julie",
    "Mikkel",
    "Signe",
    "Tobias",
    "Marie",
    "Rasmus",
    "Lea",
    "Aksel",
    "Wei",
    "Priya",
    "Diego",
    "Fatima",
    "Luca",
    "Yuki",
    "Omar",
    "Elena",
    "Tomas",
    "Sara",
]
MODELS = [p[3] for p in PROJECTS] + [
    "a ResNet-34",
    "a tiny ViT",
    "logistic regression",
    "a random forest",
    "a two-layer MLP",
    "T5-small",
]
LIBS = sorted({p[4] for p in PROJECTS} | {"hydra-zen", "polars", "captum", "optuna", "kornia"})


def new_group(rng: random.Random, index: int) -> Group:
    """A group's project: its domain and data, and independent choices of model and tools."""
    pkg, domain, data, _, _ = PROJECTS[rng.randrange(len(PROJECTS))]
    return Group(
        rng,
        f"{pkg}_{rng.choice(['ops', 'mlops', 'project', 'dtu', 'pipeline'])}",
        domain,
        data,
        rng.choice(MODELS),
        rng.choice(LIBS),
        rng.choice(DEP_TOOLS),
        rng.choice(LINTERS),
        rng.choice(TRACKERS),
        rng.choice(SERVING),
        1000 + index,
        rng.sample(NAMES, 4),
    )


CHOICE_RE = re.compile(r"\{([^{}]*)\}")


def _fill(frame: str, g: Group) -> str:
    """Expand choices and slots, innermost first, until no brace is left."""
    rng = g.rng
    values = {
        "lib": g.lib,
        "domain": g.domain,
        "data": g.data,
        "model": g.model,
        "pkg": g.pkg,
        "dep": g.dep,
        "linter": g.linter,
        "tracker": g.tracker,
        "serve": g.serve,
        "sid": g.sid,
        "depfile": "pyproject.toml" if g.dep in ("uv", "poetry") else "requirements.txt",
    }
    draws = {
        "typer": TYPERS,
        "docs": DOCS,
        "config": CONFIGS,
        "cloud": CLOUD,
        "cloud2": CLOUD,
        "load": LOADTEST,
        "prof": PROFILERS,
        "noun": NOUNS,
        "verb": VERBS,
        "verb2": VERB_BASE,
        "adj": ADJS,
        "tool": [g.lib, g.dep, g.linter, g.tracker, g.serve],
        "name": g.names,
    }

    def one(match: re.Match) -> str:
        body = match.group(1)
        if "|" in body or not body:
            return rng.choice(body.split("|"))
        if body in values:
            return str(values[body])
        if body in draws:
            return rng.choice(draws[body])
        if body in SLOTS:
            return SLOTS[body]
        if body == "LLM":
            return rng.choice(LLM_CLAUSES)
        if body == "cmd":
            return rng.choice(COMMANDS).replace("{pkg}", g.pkg)
        if body == "n":
            return str(rng.randint(3, 60))
        if body == "pct":
            return str(rng.randint(20, 98))
        if body == "usd":
            return f"{rng.uniform(1, 90):.2f}"
        raise KeyError(body)

    text = frame
    while "{" in text:
        text = CHOICE_RE.sub(one, text)
    return re.sub(r"\s+", " ", text).strip()


def _sentence(g: Group, key: str, used: set[str]) -> str:
    """One sentence from a frame not yet used in this answer (a real answer rarely repeats)."""
    rng = g.rng
    topic = [f for f in TOPIC.get(key, []) if f not in used]
    generic = [f for f in GENERIC if f not in used] or GENERIC
    roll = rng.random()
    if roll < 0.65:
        text = _composed(g)
    else:
        frame = rng.choice(topic if topic and roll < 0.85 else generic)
        used.add(frame)
        text = _fill(frame + (rng.choice(TAILS) if rng.random() < 0.6 else ""), g)
    if rng.random() < 0.06:
        text += ", " + rng.choice(LLM_CLAUSES)
    if rng.random() < 0.12:
        text = rng.choice(LLM_OPENERS) + " " + text[0].lower() + text[1:]
    return text[0].upper() + text[1:] + "."


def _template_quote(g: Group, example: str) -> str | None:
    """The template's example sentence with its blanks filled, as many groups hand it in."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", example) if "..." in s]
    if not sentences:
        return None
    sentence = g.rng.choice(sentences)
    fillers = [g.dep, g.linter, g.tracker, g.serve, g.lib, g.model, g.data, g.rng.choice(NOUNS)]
    return re.sub(r"\s*\.\.\.\s*\.?", lambda _: f" {g.rng.choice(fillers)} ", sentence).strip()


def _rephrase(g: Group, question: str) -> str | None:
    """A chunk of the question's own words, restated as the answer's first sentence."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", question)
    if len(words) < 8:
        return None
    start = g.rng.randrange(0, len(words) - 6)
    chunk = " ".join(words[start : start + g.rng.randint(5, 9)]).lower()
    opener = g.rng.choice(["Regarding how", "When it comes to how", "To answer how", "As for how"])
    return f"{opener} {chunk}, we kept it {g.rng.choice(ADJS)}."


def answer(g: Group, key: str, question: str, example: str, words: int) -> SynthAnswer:
    """One answer of about `words` words."""
    rng = g.rng
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    if rng.random() < 0.3:
        quote = _template_quote(g, example)
        if quote:
            spans.append((0, len(quote)))
            parts.append(quote)
    if rng.random() < 0.25:
        rephrased = _rephrase(g, question)
        if rephrased:
            parts.append(rephrased)
    count = sum(len(p.split()) for p in parts)
    body_start = len(" ".join(parts)) + 1 if parts else 0
    used: set[str] = set()
    while count < words:
        sentence = _sentence(g, key, used)
        if rng.random() < 0.08:
            sentence += " " + rng.choice(COMMANDS).format(pkg=g.pkg)
        parts.append(sentence)
        count += len(sentence.split())
    text = " ".join(parts)
    if rng.random() < 0.1:
        text += "\n\n" + rng.choice(CODE_BLOCKS).format(pkg=g.pkg)
    if rng.random() < 0.2:  # paragraphs
        cut = text.find(". ", len(text) // 2)
        if cut > 0:
            text = text[: cut + 1] + "\n\n" + text[cut + 2 :]
    return SynthAnswer(key, text, spans, body_start)


# --- planting copies --------------------------------------------------------------------------

SENTENCE_RE = re.compile(r"[^\s].*?[.!?](?=\s|$)")


def passage(
    rng: random.Random, text: str, start_at: int = 0, low: int = 30, high: int = 80
) -> list[str] | None:
    """Consecutive whole sentences of `text` (from `start_at`) with low..high words, or None."""
    sentences = [
        m.group().strip() for m in SENTENCE_RE.finditer(text, start_at) if "`" not in m.group()
    ]
    for _ in range(20):
        start = rng.randrange(len(sentences)) if sentences else 0
        chosen, count = [], 0
        for s in sentences[start:]:
            chosen.append(s)
            count += len(s.split())
            if count >= low:
                break
        if count >= low and len(chosen) >= 2:
            words = " ".join(chosen).split()
            if len(words) > high:
                chosen = _resplit(" ".join(words[:high]).rstrip(",") + ".")
            return chosen
    return None


def _resplit(text: str) -> list[str]:
    return [m.group().strip() for m in SENTENCE_RE.finditer(text)]


def _edit_words(rng: random.Random, sentence: str, rate: float) -> str:
    words = sentence.split()
    out: list[str] = []
    for w in words:
        if rng.random() >= rate:
            out.append(w)
            continue
        core = w.strip(".,;:").lower()
        action = rng.random()
        if core in SYNONYMS and action < 0.7:
            out.append(w.lower().replace(core, SYNONYMS[core]))
        elif action < 0.8:
            continue  # dropped
        elif action < 0.9:
            out.extend([rng.choice(FILLER), w])
        else:
            out.append(rng.choice(ADJS + VERBS[:5]))
    text = " ".join(out) or sentence
    return text[0].upper() + text[1:] if text else text


LEVELS = {"verbatim": (0.0, False), "light": (0.10, False), "heavy": (0.25, True)}


def plant(rng: random.Random, source: SynthAnswer, target: str, level: str) -> str | None:
    """`target` with a passage of the source's own sentences inserted at a sentence boundary,
    edited per level."""
    rate, reorder = LEVELS[level]
    chosen = passage(rng, source.text, source.body_start)
    if chosen is None:
        return None
    copied = [_edit_words(rng, s, rate) for s in chosen] if rate else list(chosen)
    if reorder:
        before = list(copied)
        rng.shuffle(copied)
        if copied == before:
            copied.reverse()
    prose_end = target.find("```") if "```" in target else len(target)
    boundaries = [
        m.end()
        for m in re.finditer(r"[.!?](?=\s)", target[:prose_end])
        if target[: m.end()].count("`") % 2 == 0  # never inside inline code
    ] + [prose_end]
    at = rng.choice(boundaries)
    if at == prose_end < len(target):  # before a code block: keep the fence on its own line
        return target[:at].rstrip() + " " + " ".join(copied) + "\n\n" + target[at:]
    return target[:at] + " " + " ".join(copied) + " " + target[at:].lstrip()
