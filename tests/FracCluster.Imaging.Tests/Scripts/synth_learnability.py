#!/usr/bin/env python3
"""Can a small CNN learn the synthetic fractures at low resolution? (Debian's /usr/bin/python3 with python3-torch.)

    frac synth --out /tmp/synth --count 1000 --seed 1
    /usr/bin/python3 synth_learnability.py /tmp/synth --size 64 --epochs 15

Trains a 3-block CNN on the first 80 % of dataset.csv (grayscale, bilinear resize to SIZE), reports ROC AUC and
balanced accuracy on the last 20 %. A check of the generator, not part of the product.
"""
import argparse
import csv
import pathlib
import time

import numpy as np
import torch
from PIL import Image
from torch import nn


def load(root, size):
    rows = list(csv.DictReader(open(root / "dataset.csv", newline="")))
    images, labels = [], []
    for row in rows:
        folder = "Fractured" if row["fractured"] == "1" else "Non_fractured"
        image = Image.open(root / "images" / folder / row["image_id"]).convert("L").resize((size, size), Image.BILINEAR)
        images.append(np.asarray(image, dtype=np.float32) / 255.0)
        labels.append(int(row["fractured"]))
    x = torch.tensor(np.stack(images))[:, None]
    return (x - x.mean()) / x.std(), torch.tensor(labels)


def model(width):
    def block(cin, cout):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                             nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2))
    return nn.Sequential(block(1, width), block(width, 2 * width), block(2 * width, 4 * width),
                         nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(4 * width, 2))


def auc(scores, labels):
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return (ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--width", type=int, default=16, help="channels of the first block (doubles per block)")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    x, y = load(args.root, args.size)
    split = int(len(y) * 0.8)
    (xt, yt), (xv, yv) = (x[:split], y[:split]), (x[split:], y[split:])
    net = model(args.width)
    optimiser = torch.optim.Adam(net.parameters(), lr=2e-3)
    weight = torch.tensor([1.0, float((yt == 0).sum()) / float((yt == 1).sum())])
    loss_fn = nn.CrossEntropyLoss(weight=weight)
    started = time.time()
    for epoch in range(args.epochs):
        net.train()
        permutation = torch.randperm(split)
        for i in range(0, split, 32):
            index = permutation[i:i + 32]
            batch = xt[index]
            if torch.rand(1).item() < 0.5:
                batch = batch.flip(3)
            if torch.rand(1).item() < 0.5:
                batch = batch.flip(2)
            optimiser.zero_grad()
            loss = loss_fn(net(batch), yt[index])
            loss.backward()
            optimiser.step()
        net.eval()
        with torch.no_grad():
            scores = torch.softmax(net(xv), 1)[:, 1].numpy()
        labels = yv.numpy()
        predicted = scores > 0.5
        sensitivity = (predicted & (labels == 1)).sum() / max(1, (labels == 1).sum())
        specificity = (~predicted & (labels == 0)).sum() / max(1, (labels == 0).sum())
        print(f"epoch {epoch + 1:2d}  loss {loss.item():.3f}  val AUC {auc(scores, labels):.3f}  "
              f"balanced acc {(sensitivity + specificity) / 2:.3f}  ({time.time() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
