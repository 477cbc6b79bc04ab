#!/usr/bin/python3
"""Exports torchvision's EfficientNet to ONNX, the ONNX Runtime side of `frac bench model --compare-onnxruntime`.

Run with Debian's interpreter, which has python3-torch 1.13 and python3-torchvision 0.14:

    /usr/bin/python3 bench/export_onnx.py --variant b6 --output /tmp/efficientnet_b6.onnx

The model is torchvision.models.efficientnet_<variant>() with random weights drawn after torch.manual_seed(--seed)
(no pretrained weights can be downloaded here; speed does not depend on the values), in eval mode, exported with a
dynamic batch axis so one file serves batch 1 and batch 16. BatchNorm is folded into the convolutions (by the exporter
in eval mode, or else by ONNX Runtime's ORT_ENABLE_ALL at load), as any production ONNX pipeline would have it. The onnx
Python package is not needed: torch.onnx writes the file on its own.
"""
import argparse
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="b6", choices=[f"b{i}" for i in range(8)])
    parser.add_argument("--output", required=True, help="the .onnx file to write")
    parser.add_argument("--size", type=int, default=224, help="height and width of the example input used for tracing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--opset", type=int, default=13, help="ONNX opset (PyTorch 1.13 writes up to 17)")
    args = parser.parse_args()

    try:
        import torch
        import torchvision
    except ImportError as error:
        print(f"PyTorch is not available to {sys.executable}: {error}. "
              "On Debian: apt-get install python3-torch python3-torchvision", file=sys.stderr)
        return 3

    torch.manual_seed(args.seed)
    model = getattr(torchvision.models, f"efficientnet_{args.variant}")()
    model.eval()
    example = torch.randn(1, 3, args.size, args.size)
    with torch.no_grad():
        torch.onnx.export(
            model,
            example,
            args.output,
            opset_version=args.opset,
            input_names=["images"],
            output_names=["logits"],
            dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}},
            do_constant_folding=True,
        )
    print(f"efficientnet_{args.variant} (torch {torch.__version__}, torchvision {torchvision.__version__}, seed {args.seed}, "
          f"opset {args.opset}) -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
