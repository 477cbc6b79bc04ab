// These tests start Azurite, silo processes and TorchSharp models: on a small machine they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
