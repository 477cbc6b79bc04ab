using System.Text;
using FracCluster.Contracts.Training;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FracCluster.Grains.Training;

/// <summary>
/// One worker's copy of a fine-tuning model and its Adam optimizer. Data-parallel steps: every replica computes summed
/// gradients of its micro-batches, the coordinator adds them up and divides by the image count, and every replica
/// applies that same average, so the replicas stay identical. BatchNorm runs per micro-batch from the step's starting
/// buffers, and every replica takes the buffers left by micro-batch 0 (DistributedDataParallel's broadcast-buffers rule):
/// the result does not depend on how many workers share the step.
/// </summary>
public sealed class FineTuneReplica : IDisposable
{
    /// <summary>torch's default random generator is process-wide: dropout draws must not interleave between replicas of one process.</summary>
    private static readonly Lock RandomLock = new();

    private readonly LoadedCheckpoint _checkpoint;
    private readonly Adam _optimizer;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _buffers;
    private readonly ClassLayout _classes;

    public FineTuneReplica(LoadedCheckpoint checkpoint, PreprocessOptions preprocess, double learningRate, IReadOnlyList<string> classNames)
    {
        _checkpoint = checkpoint;
        Preprocess = preprocess;
        var model = checkpoint.Model;
        foreach (var p in model.parameters())
            p.requires_grad = true;
        _parameters = model.parameters().ToArray();
        ParameterCount = _parameters.Sum(p => (int)p.numel());
        _buffers = model.buffers().ToArray();
        _classes = new ClassLayout(classNames, checkpoint.Metadata.PositiveClass);
        _optimizer = optim.Adam(_parameters, learningRate);
        // Every parameter gets a (zero) gradient tensor once, so an update can be copied into it on any replica.
        using (var scope = NewDisposeScope())
        {
            var zero = _parameters.Select(p => (p * 0).sum()).Aggregate((a, b) => a + b);
            zero.backward();
        }
    }

    public PreprocessOptions Preprocess { get; }

    public CheckpointMetadata Metadata => _checkpoint.Metadata;

    /// <summary>Completed epochs the replica started this epoch from, and steps applied since.</summary>
    public int Epoch { get; set; }

    public int Step { get; set; }

    /// <summary>Counted once: read every step, and summing numel() is a native call per parameter (about 700 for B6).</summary>
    public int ParameterCount { get; }

    public double[] CaptureBuffers()
    {
        using var scope = NewDisposeScope();
        return _buffers.Length == 0 ? [] : cat(_buffers.Select(b => b.detach().to(float64).flatten()).ToArray()).cpu().data<double>().ToArray();
    }

    public void RestoreBuffers(ReadOnlySpan<double> values)
    {
        using var mode = no_grad();
        using var scope = NewDisposeScope();
        var offset = 0;
        foreach (var b in _buffers)
        {
            var n = (int)b.numel();
            b.copy_(tensor(values.Slice(offset, n).ToArray()).reshape(b.shape).to(b.dtype));
            offset += n;
        }
        if (offset != values.Length)
            throw new ArgumentException($"{values.Length} buffer values for {offset} buffer elements.", nameof(values));
    }

    /// <summary>Summed cross-entropy gradients over the micro-batches (each from the same starting buffers), flattened in parameter order.</summary>
    public MicroBatchGradients ComputeGradients(IReadOnlyList<(int Index, DecodedBatch Batch)> microBatches, int seed, int epoch, int step)
    {
        var model = _checkpoint.Model;
        var start = CaptureBuffers();
        double[]? afterFirst = null;
        double lossSum = 0;
        var count = 0;
        var gradients = new List<MicroBatchGradient>(microBatches.Count);
        lock (RandomLock)
        {
            model.train();
            foreach (var (index, batch) in microBatches)
            {
                RestoreBuffers(start);
                if (batch.Items.Count == 0)
                    continue;
                using (var scope = NewDisposeScope())
                {
                    foreach (var p in _parameters)
                        p.grad?.zero_();
                    random.manual_seed(MicroBatchSeed(seed, epoch, step, index));
                    var x = tensor(batch.Pixels, batch.Shape);
                    var y = tensor(batch.Items.Select(i => (long)_classes.IndexOf(i.Label)).ToArray());
                    var loss = nn.functional.cross_entropy(model.forward(x), y, reduction: nn.Reduction.Sum);
                    loss.backward();
                    lossSum += loss.item<float>();
                    gradients.Add(new MicroBatchGradient(index, cat(_parameters.Select(p => p.grad!.flatten()).ToArray()).cpu().data<float>().ToArray()));
                }
                count += batch.Items.Count;
                if (index == 0)
                    afterFirst = CaptureBuffers();
            }
            RestoreBuffers(start);
        }
        return new MicroBatchGradients { MicroBatches = gradients, Count = count, LossSum = lossSum, Buffers = afterFirst, Parameters = ParameterCount };
    }

    /// <summary>Copies the averaged gradients into the parameters' gradients, steps Adam, sets the step's buffers.</summary>
    public void Apply(float[] averaged, double[] buffers)
    {
        if (averaged.Length == 0)
        {
            // A step with no usable image: no update, but the replica counts it like every other replica.
            Step++;
            return;
        }
        if (averaged.Length != ParameterCount)
            throw new ArgumentException($"{averaged.Length} gradient values for {ParameterCount} parameters.", nameof(averaged));
        using (var mode = no_grad())
        using (var scope = NewDisposeScope())
        {
            // One tensor over the whole update, viewed per parameter: no per-parameter managed copies (B6: 163 MB a step).
            var flat = tensor(averaged);
            var offset = 0L;
            foreach (var p in _parameters)
            {
                var n = p.numel();
                p.grad!.copy_(flat.narrow(0, offset, n).view(p.shape));
                offset += n;
            }
        }
        _optimizer.step();
        RestoreBuffers(buffers);
        Step++;
    }

    /// <summary>Eval-mode scores (positive-class probability) and summed loss of decoded images.</summary>
    public (List<ScoredImage> Images, double LossSum) Score(DecodedBatch batch)
    {
        var model = _checkpoint.Model;
        model.eval();
        try
        {
            using var mode = inference_mode();
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(batch.Pixels, batch.Shape));
            var y = tensor(batch.Items.Select(i => (long)_classes.IndexOf(i.Label)).ToArray());
            var logProbabilities = nn.functional.log_softmax(logits.to(float32), 1);
            var loss = nn.functional.nll_loss(logProbabilities, y, reduction: nn.Reduction.Sum).item<float>();
            var positive = logProbabilities[TensorIndex.Colon, _classes.PositiveClass].exp().to(float64).cpu().data<double>().ToArray();
            var images = batch.Items.Select((item, i) => new ScoredImage(item.Path, item.Label, _classes.IsPositive(item.Label), positive[i])).ToList();
            return (images, loss);
        }
        finally
        {
            model.train();
        }
    }

    /// <summary>
    /// Weights and Adam state, serialized. The streams start at about their final size and are returned without a copy:
    /// for B6 that is 490 MB, which growing by doubling and copying out would have allocated about three times over.
    /// </summary>
    public (ReadOnlyMemory<byte> Model, ReadOnlyMemory<byte> Optimizer) SaveState()
    {
        var parameterBytes = _parameters.Sum(p => p.numel() * p.element_size());
        var stateBytes = parameterBytes + _buffers.Sum(b => b.numel() * b.element_size());
        var model = new MemoryStream(Capacity(stateBytes));
        // Through a writer that leaves the stream open: save(Stream) closes it, and a closed stream has no length.
        using (var w = new BinaryWriter(model, Encoding.UTF8, leaveOpen: true))
            _checkpoint.Model.save(w);
        // Adam keeps two moments per parameter.
        var optimizer = new MemoryStream(Capacity(2 * parameterBytes));
        using (var w = new BinaryWriter(optimizer, Encoding.UTF8, leaveOpen: true))
            _optimizer.save_state_dict(w);
        return (new ReadOnlyMemory<byte>(model.GetBuffer(), 0, (int)model.Length), new ReadOnlyMemory<byte>(optimizer.GetBuffer(), 0, (int)optimizer.Length));
    }

    /// <summary>The tensor bytes plus room for names, shapes and headers; a stream that needs more still grows.</summary>
    private static int Capacity(long tensorBytes) => (int)Math.Min(int.MaxValue, tensorBytes + (1 << 20));

    public void LoadState(byte[] model, byte[] optimizer)
    {
        using (var ms = new MemoryStream(model))
            _checkpoint.Model.load(ms);
        using var os = new MemoryStream(optimizer);
        using var r = new BinaryReader(os);
        _optimizer.load_state_dict(r);
    }

    /// <summary>Writes the replica as a checkpoint (X.safetensors + X.json) in a local folder.</summary>
    public void SaveCheckpoint(string basePath, CheckpointMetadata metadata) => ModelCheckpoint.Save(_checkpoint.Model, metadata, basePath);

    public static long MicroBatchSeed(int seed, int epoch, int step, int microBatch) =>
        unchecked(((long)seed << 32) ^ ((long)epoch << 24) ^ ((long)step << 8) ^ microBatch);

    /// <summary>The step's micro-batches: the batch cut into at most <paramref name="microBatches"/> contiguous pieces.</summary>
    public static IReadOnlyList<MicroBatch> Split(IReadOnlyList<int> batch, int microBatches)
    {
        var size = (batch.Count + microBatches - 1) / microBatches;
        return batch.Chunk(Math.Max(1, size)).Select((c, i) => new MicroBatch(i, c)).ToList();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _checkpoint.Dispose();
    }
}
