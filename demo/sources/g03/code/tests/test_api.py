from fastapi.testclient import TestClient

from mushroom.api import app


def test_health():
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok"}


def test_rejects_text_file():
    with TestClient(app) as client:
        response = client.post("/predict", files={"file": ("notes.txt", b"hello", "text/plain")})
        assert response.status_code == 415
