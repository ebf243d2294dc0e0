import random
from pathlib import Path

from locust import HttpUser, between, task

CLIPS = sorted(Path(__file__).parent.glob("clips/*.wav"))


class Speaker(HttpUser):
    wait_time = between(0.2, 1.0)

    @task
    def predict(self) -> None:
        clip = random.choice(CLIPS)
        self.client.post("/predict", files={"file": (clip.name, clip.read_bytes(), "audio/wav")})
