"""A pretrained timm backbone with a new head for our genera."""

import timm
import torch

from mushroom import GENERA


def build_model(name: str = "convnext_tiny", pretrained: bool = True, drop_rate: float = 0.2) -> torch.nn.Module:
    return timm.create_model(name, pretrained=pretrained, num_classes=len(GENERA), drop_rate=drop_rate)
