"""Q17 services, on synthetic answers written for these tests."""

from __future__ import annotations

import pytest

from harvester.parse.services import SERVICE_IDS, extract_services


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # full names in prose
        (
            "We relied on Cloud Storage, Vertex AI and Cloud Run for our pipeline.",
            ["cloud_run", "cloud_storage", "vertex_ai"],
        ),
        ("Our data lives in a GCP bucket.", ["cloud_storage"]),
        ("The drift logs were written to BiqQuery.", ["bigquery"]),
        ("Keys were kept in Secure Manager.", ["secret_manager"]),
        # "Security Manager" is a common misnaming of Secret Manager
        ("- Security manager: holds the API tokens our containers read.", ["secret_manager"]),
        # an enumeration item that opens with a generic name and a connector word
        (
            "We relied on these services: Storage to keep the raw images, Run to serve the "
            "model and Functions for the nightly clean-up.",
            ["cloud_functions", "cloud_run", "cloud_storage"],
        ),
        # a generic name that is the whole object of "we used"
        (
            "Finally we used the virtual machines, which gave us a bigger GPU than our laptops.",
            ["compute_engine"],
        ),
        ("We used the Engine for our sweeps.", ["compute_engine"]),
        # ... but not a generic word with no service behind it, nor a longer object
        ("We used containers to package the trainer.", []),
        # "Monitor" as an item head is Cloud Monitoring, like "Monitoring"
        (
            "Bucket: keeps the images\nMonitor: watches the latency of the API",
            ["cloud_monitoring", "cloud_storage"],
        ),
        ("We used the machines of our lab to train, then Vertex AI.", ["vertex_ai"]),
        ("IAM & Admin handled the roles of the team.", ["iam"]),
        ("A Service Agent identified our app.", ["iam"]),
        ("We trained on a VM created with GCloud Compute.", ["compute_engine"]),
        ("We also spent a few cents on cloud build.", ["cloud_build"]),
        ("Messages went through Pub/Sub to a Cloud Function.", ["cloud_functions", "pubsub"]),
        ("We deployed to GKE and stored results in Firestore.", ["firestore", "kubernetes_engine"]),
        # "GCP" before a generic word makes it the product's name; "we skip X" is not using X
        (
            "Images are made by `GCP Build` from two `GCP Trigger`s and served with `GCP Run`. "
            "We skip Vertex AI since training runs on a laptop.",
            ["cloud_build", "cloud_run"],
        ),
        ("We also skipped Cloud Run, and served from a Compute Engine VM.", ["compute_engine"]),
        # a bold opening word names the item even without a ":" after it
        (
            "- **Bucket** to keep the images\n- **Triggers** that rebuild our containers on "
            "every push\n- **Engine** for a first training run",
            ["cloud_build", "cloud_storage", "compute_engine"],
        ),
        (
            "1. __Run__ hosts the API\n2. **Functions**: small jobs",
            ["cloud_functions", "cloud_run"],
        ),
        ("- **We** tried a run on our laptops first", []),
        # a list item that opens with a bare name and a connector word names that service
        (
            "- Vertex AI for the training jobs\n- Monitoring for dashboards of our metrics\n"
            "- Buckets to keep the raw images\n- Run training on a laptop when the cloud is slow\n"
            "- Logs of the app end up in the console",
            ["cloud_monitoring", "cloud_storage", "vertex_ai"],
        ),
        # one-word item heads
        (
            "Buckets:\nWe kept the data here.\nBuild:\nImages are built here.\nTriggers:\n"
            "Connect the repository.\nContainers:\nImages are stored here.\nRun:\n"
            "Serves the API.\n",
            ["cloud_build", "cloud_run", "cloud_storage", "container_registry"],
        ),
        (
            "- Engine: runs a virtual machine\n- Artifacts: stores images\n- Monitoring - alerts\n",
            ["artifact_registry", "cloud_monitoring", "compute_engine"],
        ),
        (
            "* **Cloud Build**: builds images\n* **Vertex AI**: training\n"
            "* **Cloud Logging (Logs Explorer)**: logs\n",
            ["cloud_build", "cloud_logging", "vertex_ai"],
        ),
        (
            "1. Identity and Access Management (IAM): permissions\n2. Cloud Storage (GCS): data\n",
            ["cloud_storage", "iam"],
        ),
        # API names, other products
        (
            "- Vertex AI API: `aiplatform.googleapis.com` | training\n"
            "- API Gateway API: `apigateway.googleapis.com` | exposes the backend\n"
            "- Cloud Run Admin API: `run.googleapis.com` | deployment\n",
            ["cloud_run", "other", "vertex_ai"],
        ),
        (
            "We used these services: Cloud Run, VM Manager, Networking and Cloud Storage.",
            ["cloud_run", "cloud_storage", "other"],
        ),
        # enumerations with short names
        (
            "We used the following three services: Engine, Bucket, and Vertex AI.",
            ["cloud_storage", "compute_engine", "vertex_ai"],
        ),
        # services only named inside another item's description
        (
            "- Cloud Run: runs the API image that it pulls from Artifact Registry.\n"
            "- Cloud Functions: react to Pub/Sub messages or bucket changes.\n",
            ["cloud_functions", "cloud_run"],
        ),
        # negation
        (
            "We used Compute Engine, Cloud Storage and Cloud Build. "
            "We did not get to use Compute as such since training stayed local.",
            ["cloud_build", "cloud_storage"],
        ),
        (
            "* Cloud Run for serving\n* Cloud Build for images\n\n"
            "We also experimented with Vertex AI and Compute Engine, but we did not finally "
            "implement these in our project.",
            ["cloud_build", "cloud_run"],
        ),
        (
            "- cloud run\n- bucket\n- Cloud function (tried it but not really used)\n",
            ["cloud_run", "cloud_storage"],
        ),
        ("We did not use any GCP services.", []),
        ("We used Cloud Run instead of Compute Engine.", ["cloud_run"]),
        (
            "We did not use Vertex AI, but used Compute Engine for training.",
            ["compute_engine"],
        ),
        ("We did not use any cloud services besides Cloud Storage.", ["cloud_storage"]),
        (
            "We didn't have time to use Vertex AI, so we used Compute Engine.",
            ["compute_engine"],
        ),
        (
            "We tried to use Cloud Functions but failed, so we ended up not using it.",
            [],
        ),
        (
            "We used Bucket, Vertex AI and Monitoring.",
            ["cloud_monitoring", "cloud_storage", "vertex_ai"],
        ),
        (
            "We made use of: GCS, GCR, Cloud Run and Vertex AI",
            ["cloud_run", "cloud_storage", "container_registry", "vertex_ai"],
        ),
        (
            "- **Vertex AI**: custom training jobs\n- **Cloud Run**: the API\n\n"
            "We also explored **Compute Engine**, but did not use it in the end (we relied on "
            "Vertex AI instead).",
            ["cloud_run", "vertex_ai"],
        ),
        ("- Vertex AI (custom job instances): training\n", ["vertex_ai"]),
        # an item whose head names no service is read as prose
        (
            "- Training: Vertex AI custom jobs\n- Data: kept in Cloud Storage\n- Note: all good",
            ["cloud_storage", "vertex_ai"],
        ),
        ("Compute:\nWe never really used it.\nRun:\nServes the API.\n", ["cloud_run"]),
        # "attempted" or "limited" use is still use
        (
            "* Vertex AI: we attempted to train a model here.\n* Bucket: data.\n",
            ["cloud_storage", "vertex_ai"],
        ),
        (
            "Cloud Storage was used in a limited capacity and was not part of the final pipeline.",
            ["cloud_storage"],
        ),
        # generic words in prose are not services
        (
            "We run our containers locally and build images with docker; logs go to stdout.",
            [],
        ),
        ("--- question 17 fill here ---", []),
        ("", []),
    ],
)
def test_services(answer: str, expected: list[str]) -> None:
    assert extract_services(answer) == expected


def test_containers_head_means_artifact_registry_after_2023() -> None:
    answer = "Containers:\nour images\nRun:\nthe API\n"
    assert extract_services(answer, template="2023") == ["cloud_run", "container_registry"]
    assert extract_services(answer, template="2026") == ["artifact_registry", "cloud_run"]


def test_explicit_container_registry_is_kept_in_later_templates() -> None:
    assert extract_services("We used Container Registry.", template="2025") == [
        "container_registry"
    ]


def test_result_ids_are_known_and_sorted() -> None:
    answer = "Cloud Scheduler, App Engine, Cloud Monitoring, Secret Manager and BigQuery."
    result = extract_services(answer)
    assert result == sorted(result)
    assert set(result) <= set(SERVICE_IDS)
    assert result == [
        "app_engine",
        "bigquery",
        "cloud_monitoring",
        "cloud_scheduler",
        "secret_manager",
    ]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("We relied on Cloud Build, but not Cloud Functions.", ["cloud_build"]),
        ("Buckets and Cloud Build were used, and not Cloud Run.", ["cloud_build", "cloud_storage"]),
        ("Vertex AI, and no Compute Engine at all.", ["vertex_ai"]),
        ("We tried every product except Cloud Run: Cloud Build, Cloud Storage.",
         ["cloud_build", "cloud_storage"]),
        ("Cloud Run, not only for the API but for the UI too.", ["cloud_run"]),
    ],
)  # fmt: skip
def test_bare_not_and_every_but_remove_services(answer: str, expected: list[str]) -> None:
    assert extract_services(answer, template="2026") == expected
