"""Inference API: upload a photo, get the three most likely genera."""

import os
from contextlib import asynccontextmanager

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, File, HTTPException, UploadFile
from fastapi.concurrency import run_in_threadpool

from mushroom import GENERA

MAX_BYTES = 5 * 1024 * 1024
state: dict = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    state["session"] = ort.InferenceSession(os.environ.get("MODEL_PATH", "models/model.onnx"))
    yield
    state.clear()


app = FastAPI(title="mushroom-api", lifespan=lifespan)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
async def predict(file: UploadFile = File(...)) -> dict:
    data = await file.read()
    if len(data) > MAX_BYTES:
        raise HTTPException(status_code=413, detail="image larger than 5 MB")
    if file.content_type not in ("image/jpeg", "image/png"):
        raise HTTPException(status_code=415, detail="only JPEG and PNG images are supported")
    probs = await run_in_threadpool(_predict, data)
    top = np.argsort(probs)[::-1][:3]
    return {"top3": [{"genus": GENERA[i], "p": round(float(probs[i]), 4)} for i in top]}


def _predict(data: bytes) -> np.ndarray:
    from mushroom.preprocess import to_tensor

    logits = state["session"].run(None, {"image": to_tensor(data)})[0][0]
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()
