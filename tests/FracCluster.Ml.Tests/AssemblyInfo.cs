// TorchSharp's default random generator is process-wide: training tests that seed it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
