using FracCluster.Imaging;

namespace FracCluster.Dicom.Tests.Support;

/// <summary>The reader, renderer and model-input pipeline with default limits and a small model input.</summary>
internal static class TestCodec
{
    public static readonly DicomReaderOptions Options = new();

    public static readonly DicomReader Reader = new(Options);

    public static readonly DicomImagePipeline Pipeline = new(Options, new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(64)));

    public static DicomInstance ReadFile(string path) => Reader.ReadFile(File.ReadAllBytes(path));

    public static float[] Tensor(string path) => Pipeline.FromFile(File.ReadAllBytes(path)).Tensor;

    /// <summary>The first frame's stored samples, plane 0, as decoded (before masking, rescale and VOI).</summary>
    public static ushort[] StoredSamples(DicomInstance instance) =>
        FrameExtractor.FirstFrame(instance, ImagePixelModule.Parse(instance.Dataset, Options)).Planes[0];

    public static DicomRejectionReason Rejection(Action action) => Assert.Throws<DicomRejectedException>(action).Reason;
}
