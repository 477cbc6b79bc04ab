using FracCluster.Cli;
using FracCluster.Ml.Torch;

// Before anything allocates tensors: libtorch's large activations are then reused instead of re-faulted per batch.
NativeHeap.RetainLargeBlocks();
return await FracApp.RunAsync(args);
