global using Xunit;

// One cluster at a time: the machine has 2 cores, and timing-based behaviour (max delay) needs them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
