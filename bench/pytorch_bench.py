#!/usr/bin/python3
"""Times torchvision's EfficientNet forward pass, the PyTorch side of `frac bench model --compare-pytorch`.

Run with Debian's interpreter, which has python3-torch 1.13 and python3-torchvision 0.14:

    /usr/bin/python3 bench/pytorch_bench.py --variant b6 --batch 16 --size 224 --threads 2 --iterations 5

The model is torchvision.models.efficientnet_<variant>() with random weights (1000 classes), in eval mode, run under
torch.inference_mode() on one fixed random batch, exactly as the C# side times TorchSharp. With --json it prints one
JSON line (the C# command parses it); otherwise a short summary.
"""
import argparse
import json
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="b6", choices=[f"b{i}" for i in range(8)])
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads; 0 = PyTorch's default")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()

    try:
        import torch
        import torchvision
    except ImportError as error:
        print(f"PyTorch is not available to {sys.executable}: {error}. "
              "On Debian: apt-get install python3-torch python3-torchvision", file=sys.stderr)
        return 3

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = getattr(torchvision.models, f"efficientnet_{args.variant}")()
    model.eval()
    batch = torch.randn(args.batch, 3, args.size, args.size)

    times_ms = []
    with torch.inference_mode():
        for _ in range(args.warmup):
            model(batch)
        for _ in range(args.iterations):
            started = time.perf_counter()
            model(batch)
            times_ms.append((time.perf_counter() - started) * 1000.0)

    result = {
        "engine": "PyTorch",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "variant": args.variant,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "size": args.size,
        "batch_ms": times_ms,
        "mean_ms": statistics.fmean(times_ms),
        "images_per_second": args.batch * len(times_ms) / (sum(times_ms) / 1000.0),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"PyTorch {result['torch']} efficientnet_{args.variant} batch {args.batch} size {args.size} "
              f"threads {result['threads']}: {result['images_per_second']:.2f} images/s, {result['mean_ms']:.1f} ms/batch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
