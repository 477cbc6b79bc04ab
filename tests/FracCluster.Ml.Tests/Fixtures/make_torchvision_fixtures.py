#!/usr/bin/python3
"""Writes the torchvision parity fixtures used by FracCluster.Ml.Tests.

Run with Debian's PyTorch (torch 1.13, torchvision 0.14.1), from anywhere:

    /usr/bin/python3 tests/FracCluster.Ml.Tests/Fixtures/make_torchvision_fixtures.py

For each small B0-structured EfficientNet below it writes, into Fixtures/torchvision/:
  <name>.weights.pth  the state_dict (torch.save zip format, torchvision key names)
  <name>.io.pth       {'input': x, 'logits': model(x), 'features': pooled features} from eval mode
  <name>.json         the configuration, so the C# side builds the same network
and legacy-format.pth, a tiny state dict in torch.save's legacy (non-zip) format for the error-path test.
Weights are random with a fixed seed; BatchNorm statistics are calibrated by a few train-mode passes so that the
outputs depend on the input. Outputs are deterministic for a given torch build.
"""
import json
import os
from functools import partial

import torch
from torch import nn
from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torchvision")

# name, variant whose BatchNorm settings to use, width, depth, classes, input size, batch
FIXTURES = [
    # B0 BatchNorm (eps 1e-5, momentum 0.1), symmetric padding.
    ("tv-b0-w025-d03-64", "b0", 0.25, 0.3, 2, 64, 2),
    # B5-style BatchNorm (eps 1e-3, momentum 0.01) and an odd feature-map size on the way down (72 -> ... -> 9 -> 5 -> 3).
    ("tv-b5bn-w025-d03-72", "b5", 0.25, 0.3, 2, 72, 2),
    # A 10-class head: the import must replace it for 2 labels or keep it with --keep-head.
    ("tv-b0-w025-d03-10class-64", "b0", 0.25, 0.3, 10, 64, 2),
]

DROPOUT = {"b0": 0.2, "b5": 0.4}


def build(variant, width, depth, num_classes):
    setting, last_channel = _efficientnet_conf(f"efficientnet_{variant}", width_mult=width, depth_mult=depth)
    norm_layer = partial(nn.BatchNorm2d, eps=0.001, momentum=0.01) if variant in ("b5", "b6", "b7") else None
    return EfficientNet(setting, DROPOUT[variant], last_channel=last_channel, num_classes=num_classes, norm_layer=norm_layer)


def randomise(model, generator):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)
            elif isinstance(module, nn.Linear):
                module.bias.normal_(0.0, 0.1, generator=generator)


def calibrate(model, size, generator):
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(8, 3, size, size, generator=generator))
    model.eval()


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    for name, variant, width, depth, classes, size, batch in FIXTURES:
        torch.manual_seed(20240611)
        generator = torch.Generator().manual_seed(1234)
        model = build(variant, width, depth, classes)
        randomise(model, generator)
        calibrate(model, size, generator)
        x = torch.randn(batch, 3, size, size, generator=generator)
        with torch.no_grad():
            features = torch.flatten(model.avgpool(model.features(x)), 1)
            logits = model.classifier(features)
            assert torch.allclose(logits, model(x))
        torch.save(model.state_dict(), os.path.join(OUT, f"{name}.weights.pth"))
        torch.save({"input": x, "logits": logits, "features": features}, os.path.join(OUT, f"{name}.io.pth"))
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump({"variant": variant, "width": width, "depth": depth, "num_classes": classes, "input_size": size,
                       "parameters": sum(p.numel() for p in model.parameters()),
                       "torch": torch.__version__, "torchvision": __import__("torchvision").__version__}, f, indent=2)
        print(f"{name}: logits {tuple(logits.shape)}, features {tuple(features.shape)}")

    legacy = {"features.0.0.weight": torch.zeros(2, 3, 3, 3)}
    torch.save(legacy, os.path.join(OUT, "legacy-format.pth"), _use_new_zipfile_serialization=False)
    print("legacy-format.pth")


if __name__ == "__main__":
    main()
