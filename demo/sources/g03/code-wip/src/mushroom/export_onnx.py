"""WIP: export the trained model to ONNX and compare latency with PyTorch."""

import time

import torch

from mushroom.model import build_model


def export(checkpoint: str = "models/model.pt", out: str = "models/model.onnx") -> None:
    model = build_model(pretrained=False)
    model.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    model.eval()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), out, input_names=["image"], dynamic_axes={"image": {0: "b"}})


def bench(model: torch.nn.Module, runs: int = 50) -> float:
    x = torch.randn(1, 3, 224, 224)
    start = time.perf_counter()
    with torch.no_grad():
        for _ in range(runs):
            model(x)
    return (time.perf_counter() - start) / runs
