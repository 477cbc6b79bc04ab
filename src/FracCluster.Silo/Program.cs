using FracCluster.Ml.Torch;
using FracCluster.Silo.Hosting;

// Before anything allocates tensors: libtorch's large activations are then reused instead of re-faulted per batch.
NativeHeap.RetainLargeBlocks();
return await FracSiloApp.RunAsync(args);
