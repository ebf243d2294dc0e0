import torch
from fastapi import FastAPI
from pydantic import BaseModel, Field
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from sentiment import LABELS

MODEL_DIR = "models/best"
MODEL_VERSION = "v3"

app = FastAPI()
tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
model = AutoModelForSequenceClassification.from_pretrained(MODEL_DIR).eval()


class Review(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(review: Review):
    inputs = tokenizer(review.text, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        probs = model(**inputs).logits.softmax(-1)[0]
    label = LABELS[int(probs.argmax())]
    return {"label": label, "probs": dict(zip(LABELS, probs.tolist())), "model_version": MODEL_VERSION}
