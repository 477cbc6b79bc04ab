// Containers of several silos with TorchSharp models on a 2-core machine: the tests must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
