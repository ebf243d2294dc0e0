import random

from locust import HttpUser, between, task

REVIEWS = ["Fin service og hurtig levering", "Varen kom aldrig", "Helt ok, men lidt dyr", "Elendig kundeservice"]


class ReviewUser(HttpUser):
    wait_time = between(0.5, 2)

    @task
    def predict(self):
        self.client.post("/predict", json={"text": random.choice(REVIEWS)})
