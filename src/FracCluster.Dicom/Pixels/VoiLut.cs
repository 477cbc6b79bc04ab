namespace FracCluster.Dicom.Pixels;

/// <summary>A VOI LUT (PS3.3 C.11.2): modality values from <see cref="FirstMapped"/> on index <see cref="Data"/>; output has <see cref="Bits"/> bits.</summary>
public sealed record VoiLut(int FirstMapped, int Bits, ushort[] Data);

/// <summary>A VOI window (PS3.3 C.11.2.1.2): the first of those an image lists.</summary>
public readonly record struct VoiWindow(double Center, double Width);
