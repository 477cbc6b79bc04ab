using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Torch;

/// <summary>
/// Channels-last (NHWC in memory, NCHW in shape) tensors: the layout oneDNN's CPU convolutions run natively, so a model
/// whose weights and input are in it skips the reorders around every convolution, which depthwise convolutions feel
/// most. TorchSharp 0.107 has no <c>memory_format</c> argument; permuting to NHWC, copying and permuting back gives
/// exactly the strides <c>torch.channels_last</c> does, and libtorch's kernels then keep the layout from op to op.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of a 4-D tensor (a new tensor: the caller disposes it, e.g. through a dispose scope).</summary>
    public static Tensor From(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
            throw new ArgumentException($"Channels-last needs a 4-D tensor, not {tensor.dim()}-D.", nameof(tensor));
        using var nhwc = tensor.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }

    /// <summary>Whether a 4-D tensor is laid out channels-last (PyTorch's <c>is_contiguous(memory_format=channels_last)</c>, dimensions of size 1 aside).</summary>
    public static bool Is(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 4)
            return false;
        var shape = tensor.shape;
        var strides = tensor.stride();
        long expected = 1;
        // Channels vary fastest, then width, height and batch; a dimension of size 1 may have any stride.
        foreach (var dim in new[] { 1, 3, 2, 0 })
        {
            if (shape[dim] != 1 && strides[dim] != expected)
                return false;
            expected *= shape[dim];
        }
        return true;
    }

    /// <summary>Re-lays every 4-D parameter and buffer of <paramref name="module"/> (convolution weights) channels-last, in place.</summary>
    public static void ConvertParameters(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        foreach (var parameter in module.parameters().Where(p => p.dim() == 4 && !Is(p)))
        {
            using var converted = From(parameter);
            // set_ keeps the Parameter object (and its registration) and takes the new storage and strides. It may hand
            // back the parameter itself, which must stay alive, or a second handle on it, which is ours to free.
            var result = parameter.set_(converted);
            if (!ReferenceEquals(result, parameter))
                result.Dispose();
        }
    }
}
