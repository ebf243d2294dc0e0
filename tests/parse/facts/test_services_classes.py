"""The services failure classes seen on unseen reports, each in a synthetic answer of our own."""

from __future__ import annotations

import pytest

from harvester.parse.services import read_services


@pytest.mark.parametrize(
    ("answer", "template", "expected"),
    [
        # API identifiers only
        (
            "Enabled APIs:\n- `run.googleapis.com`\n- `storage.googleapis.com`\n"
            "- `aiplatform.googleapis.com`\n",
            "2026",
            ["cloud_run", "cloud_storage", "vertex_ai"],
        ),
        # a vendor prefix before a generic word
        (
            "- Gcloud Run hosts the model\n- Gcloud Registry keeps the images\n"
            "- GCloud triggers rebuild on push",
            "2023",
            ["cloud_build", "cloud_run", "container_registry"],
        ),
        (
            "Our stack was Google Cloud Run for the API and GCP Bucket for the data.",
            "2026",
            ["cloud_run", "cloud_storage"],
        ),
        # names joined by a slash
        (
            "Deployment went through Cloud Build/Cloud Run/Artifact Registry.",
            "2026",
            ["artifact_registry", "cloud_build", "cloud_run"],
        ),
        # a service named only by its function
        (
            "We relied on the thing that builds our images on every push, and on a bucket.",
            "2026",
            ["cloud_build", "cloud_storage"],
        ),
        # a list that runs on in one line
        (
            "- Cloud Build: images - Engine: a training VM - Bucket: the raw data",
            "2026",
            ["cloud_build", "cloud_storage", "compute_engine"],
        ),
        # only compared
        (
            "We served with Cloud Run, which turned out much cheaper than Compute Engine.",
            "2026",
            ["cloud_run"],
        ),
        # a future replacement
        (
            "Training ran on Compute Engine; in the future we would move it to Vertex AI.",
            "2026",
            ["compute_engine"],
        ),
        # tried and never working
        (
            "We played with Cloud Functions for a while, but they never worked for us. "
            "Cloud Run serves the API.",
            "2026",
            ["cloud_run"],
        ),
        (
            "We could not get App Engine to work, so the API runs on Cloud Run.",
            "2026",
            ["cloud_run"],
        ),
        # a product outside the list is `other`, with its name kept
        (
            "We used Cloud Storage and Cloud Speech-to-Text for the audio.",
            "2026",
            ["cloud_storage", "other"],
        ),
        # a near-miss name
        ("- Tracer: timing of each request\n- Bucket: data", "2023", ["cloud_storage", "other"]),
        ("- Artefact Registry: the images", "2026", ["artifact_registry"]),
    ],
)
def test_failure_classes(answer: str, template: str, expected: list[str]) -> None:
    assert read_services(answer, template).services == expected


def _mention(answer: str, sid: str):
    reading = read_services(answer, "2026")
    return next(m for m in reading.mentions if m.sid == sid)


def test_each_mention_keeps_its_status_and_cue() -> None:
    tried = _mention("We played with Vertex AI, but never got anywhere with it.", "vertex_ai")
    assert tried.status == "tried_failed"
    assert "played with" in tried.cue
    compared = _mention("Cloud Run was easier than Compute Engine for us.", "compute_engine")
    assert compared.status == "compared"
    future = _mention("We used a VM; next time we would replace it with Cloud Run.", "cloud_run")
    assert future.status == "future"
    gone = _mention("We did not use Vertex AI at all, only Cloud Storage.", "vertex_ai")
    assert gone.status == "not_used"


def test_other_products_and_fuzzy_matches_keep_their_names() -> None:
    reading = read_services("- Tracer: timing\n- Cloud Speech-to-Text: audio", "2026")
    names = {m.hit.name: m.hit.kind for m in reading.mentions if m.sid == "other"}
    assert names == {"Cloud Trace": "fuzzy", "Cloud Speech-to-Text": "unknown"}


def test_a_used_mention_beats_a_doubtful_one() -> None:
    answer = "- Vertex AI: training jobs\n\nWe first tried Vertex AI pipelines but they failed."
    assert read_services(answer, "2026").services == ["vertex_ai"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("In the future, we could replace Compute Engine with Vertex AI.", ["compute_engine"]),
        ("We did not manage to get Cloud Functions working.", []),
        (
            "We used the service that stores our docker images and the thing which runs our "
            "training jobs.",
            ["artifact_registry", "vertex_ai"],
        ),
        (
            "1. Cloud Storage - data 2. Cloud Run - api 3. Vertex AI - training",
            ["cloud_run", "cloud_storage", "vertex_ai"],
        ),
        ("We tried Cloud Run first and it worked well.", ["cloud_run"]),
        ("We trained in Google Colab and wrote notes in Google Docs.", []),
    ],
)
def test_more_phrasings(answer: str, expected: list[str]) -> None:
    assert read_services(answer, "2026").services == expected
