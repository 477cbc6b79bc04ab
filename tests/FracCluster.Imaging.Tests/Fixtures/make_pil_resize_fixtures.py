#!/usr/bin/env python3
"""Writes PIL resize references for ResizeParityTests (run with Debian's /usr/bin/python3, PIL 9.4).

torchvision.transforms.Resize((h, w)) on a PIL image calls PIL's Image.resize((w, h), BILINEAR): these files are what
the seed project's training pipeline produced. The source pattern is a formula the C# test recomputes.
Output: pil-<filter>-<sw>x<sh>-to-<dw>x<dh>.bin, raw RGB24 rows.
"""
import pathlib

import numpy as np
from PIL import Image


def pattern(width, height):
    y, x = np.mgrid[0:height, 0:width]
    channels = [(x * 7 + y * 13 + c * 50 + ((x * y) % 17) * 5 + ((x // 4 + y // 3) % 2) * 60) % 256 for c in range(3)]
    return np.stack(channels, axis=-1).astype(np.uint8)


def main():
    here = pathlib.Path(__file__).resolve().parent
    filters = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "nearest": Image.NEAREST}
    for (sw, sh), (dw, dh) in [((97, 61), (32, 32)), ((20, 15), (32, 32))]:
        source = Image.fromarray(pattern(sw, sh), "RGB")
        for name, flt in filters.items():
            out = np.asarray(source.resize((dw, dh), flt), dtype=np.uint8)
            (here / f"pil-{name}-{sw}x{sh}-to-{dw}x{dh}.bin").write_bytes(out.tobytes())


if __name__ == "__main__":
    main()
