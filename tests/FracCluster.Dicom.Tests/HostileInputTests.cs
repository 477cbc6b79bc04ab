using System.Buffers.Binary;

namespace FracCluster.Dicom.Tests;

/// <summary>Hostile and broken DICOM: every case is a typed refusal, never another exception, never a stack overflow.</summary>
public sealed class HostileInputTests
{
    private const string Explicit = "1.2.840.10008.1.2.1";
    private const string Implicit = "1.2.840.10008.1.2";

    private static byte[] ValidFile() => DicomWriter.WriteFile(TestImages.Gray(16, 8, TestImages.Pattern(16, 8, 4095), 16, 12));

    [Theory]
    [InlineData(0, DicomRejectionReason.Empty)]
    [InlineData(100, DicomRejectionReason.NotDicom)]
    [InlineData(135, DicomRejectionReason.Truncated)]
    [InlineData(140, DicomRejectionReason.LengthPastEnd)]
    public void Files_cut_short_are_refused_with_their_reason(int keep, DicomRejectionReason reason)
    {
        var file = ValidFile();
        Assert.Equal(reason, TestCodec.Rejection(() => TestCodec.Reader.ReadFile(file.AsMemory(0, keep))));
    }

    [Fact]
    public void A_file_cut_at_any_byte_is_refused_or_read_never_crashes()
    {
        var file = ValidFile();
        var reasons = new HashSet<DicomRejectionReason>();
        for (var keep = 1; keep < file.Length; keep++)
        {
            try
            {
                TestCodec.Pipeline.FromFile(file.AsMemory(0, keep));
            }
            catch (DicomRejectedException ex)
            {
                reasons.Add(ex.Reason);
            }
        }

        Assert.Subset(new HashSet<DicomRejectionReason>
        {
            DicomRejectionReason.Empty, DicomRejectionReason.NotDicom, DicomRejectionReason.Truncated, DicomRejectionReason.LengthPastEnd,
            DicomRejectionReason.OddLength, DicomRejectionReason.MissingAttribute, DicomRejectionReason.Malformed,
        }, reasons);
        Assert.Contains(DicomRejectionReason.LengthPastEnd, reasons);
    }

    [Fact]
    public void Random_byte_corruption_gives_only_typed_refusals()
    {
        var original = ValidFile();
        var random = new Random(1234);
        for (var round = 0; round < 2000; round++)
        {
            var file = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
                file[random.Next(128, file.Length)] = (byte)random.Next(256);
            try
            {
                TestCodec.Pipeline.FromFile(file);
            }
            catch (DicomRejectedException)
            {
                // The typed refusal is the point; any other exception fails the test.
            }
        }
    }

    [Theory]
    [InlineData("dcmcrle")]
    [InlineData("dcmcjpeg", "+e1")]
    [InlineData("dcmcjpeg", "+el")]
    [InlineData("dcmcjpeg", "+ee")]
    public void Corrupted_compressed_pixel_data_gives_only_typed_refusals(string tool, params string[] options)
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("in.dcm"), ValidFile());
        Dcmtk.Run(tool, [.. options, folder.File("in.dcm"), folder.File("out.dcm")]);
        var original = File.ReadAllBytes(folder.File("out.dcm"));
        var pixelStart = original.Length - 200; // the tail of the file is the compressed frame
        var random = new Random(99);
        var refused = 0;
        for (var round = 0; round < 500; round++)
        {
            var file = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                file[random.Next(Math.Max(132, pixelStart), file.Length)] = (byte)random.Next(256);
            try
            {
                TestCodec.Pipeline.FromFile(file);
            }
            catch (DicomRejectedException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "no corruption was noticed at all");
    }

    [Fact]
    public void An_element_length_past_the_end_is_refused()
    {
        var data = Element(0x0010, 0x0010, "PN", "Doe^Jane"u8.ToArray());
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), 0x7FF0);
        Assert.Equal(DicomRejectionReason.LengthPastEnd, TestCodec.Rejection(() => TestCodec.Reader.ReadDataset(data, Explicit)));
    }

    [Fact]
    public void An_odd_length_is_refused()
    {
        var data = Element(0x0010, 0x0010, "PN", "Doe^Jan"u8.ToArray());
        Assert.Equal(DicomRejectionReason.OddLength, TestCodec.Rejection(() => TestCodec.Reader.ReadDataset(data, Explicit)));
    }

    [Fact]
    public void An_undefined_length_sequence_without_its_delimiter_is_refused()
    {
        // (0008,1115) SQ, undefined length, one item of undefined length holding one element, then nothing.
        var data = Concat(SequenceHeader(0x0008, 0x1115), ItemHeader(0xE000, 0xFFFFFFFF), Element(0x0008, 0x1150, "UI", "1.2\0"u8.ToArray()));
        Assert.Equal(DicomRejectionReason.MissingDelimiter, TestCodec.Rejection(() => TestCodec.Reader.ReadDataset(data, Explicit)));
    }

    [Fact]
    public void An_undefined_length_on_a_plain_value_is_refused()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(data, 0x0010);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), 0x0010);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 0xFFFFFFFF);
        Assert.Equal(DicomRejectionReason.MissingDelimiter, TestCodec.Rejection(() => TestCodec.Reader.ReadDataset(data, Implicit)));
    }

    [Theory]
    [InlineData(Explicit)]
    [InlineData(Implicit)]
    public void Sequences_nested_a_thousand_deep_are_refused_without_exhausting_the_stack(string syntax)
    {
        var explicitVr = syntax == Explicit;
        var parts = new List<byte[]>();
        for (var i = 0; i < 1000; i++)
        {
            parts.Add(explicitVr ? SequenceHeader(0x0008, 0x1115) : ItemHeader(0x0008, 0x1115, group: true));
            parts.Add(ItemHeader(0xE000, 0xFFFFFFFF));
        }

        var data = Concat([.. parts]);
        Assert.Equal(DicomRejectionReason.NestingTooDeep, TestCodec.Rejection(() => TestCodec.Reader.ReadDataset(data, syntax)));
    }

    [Fact]
    public void An_unknown_sequence_written_as_un_with_undefined_length_is_read_as_implicit_vr_items()
    {
        // Explicit VR: (0009,1010) UN, undefined length; its item holds (0010,0020) in Implicit VR LE, as PS3.5 6.2.2 says.
        var header = SequenceHeader(0x0009, 0x1010);
        header[4] = (byte)'U';
        header[5] = (byte)'N';
        var implicitElement = new byte[8 + 4];
        BinaryPrimitives.WriteUInt16LittleEndian(implicitElement, 0x0010);
        BinaryPrimitives.WriteUInt16LittleEndian(implicitElement.AsSpan(2), 0x0020);
        BinaryPrimitives.WriteUInt32LittleEndian(implicitElement.AsSpan(4), 4);
        "P42 "u8.CopyTo(implicitElement.AsSpan(8));
        var data = Concat(header, ItemHeader(0xE000, 0xFFFFFFFF), implicitElement, ItemHeader(0xE00D, 0), ItemHeader(0xE0DD, 0),
            Element(0x0010, 0x0010, "PN", "Doe^Jane"u8.ToArray()));

        var dataset = TestCodec.Reader.ReadDataset(data, Explicit).Dataset;
        Assert.Equal("P42", dataset.GetItems(new DicomTag(0x0009, 0x1010)).Single().GetString(DicomTags.PatientId));
        Assert.Equal("Doe^Jane", dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Nesting_within_the_limit_reads()
    {
        var inner = new DicomDataset().SetString(DicomTags.CodeValue, DicomVR.SH, "X");
        for (var depth = 0; depth < 20; depth++)
            inner = new DicomDataset().SetSequence(DicomTags.ContentSequence, inner);
        var read = TestCodec.Reader.ReadDataset(DicomWriter.WriteDataset(inner), Explicit).Dataset;
        for (var depth = 0; depth < 20; depth++)
            read = read.GetItems(DicomTags.ContentSequence).Single();
        Assert.Equal("X", read.GetString(DicomTags.CodeValue));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless")]
    [InlineData("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless")]
    [InlineData("1.2.3.4.5.6", "unknown")]
    [InlineData("not a uid at all", "unknown")]
    public void Transfer_syntaxes_not_decoded_here_are_refused_as_unsupported(string uid, string named)
    {
        var ex = Assert.Throws<DicomRejectedException>(() => TestCodec.Reader.ReadDataset(new byte[8], uid));
        Assert.Equal(DicomRejectionReason.UnsupportedTransferSyntax, ex.Reason);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part10_file_in_jpeg_2000_is_refused_as_unsupported()
    {
        var file = DicomWriter.WrapDataset(TestImages.DigitalXRayForPresentation, DicomUid.Generate(), "1.2.840.10008.1.2.4.91", new byte[8]);
        Assert.Equal(DicomRejectionReason.UnsupportedTransferSyntax, TestCodec.Rejection(() => TestCodec.Reader.ReadFile(file)));
    }

    [Fact]
    public void Wrapping_a_received_data_set_with_an_invalid_uid_is_refused()
    {
        var ex = Assert.Throws<DicomRejectedException>(() => DicomWriter.WrapDataset(TestImages.DigitalXRayForPresentation, "1.2.03.x", Explicit, new byte[8]));
        Assert.Equal(DicomRejectionReason.InvalidAttribute, ex.Reason);
    }

    [Fact]
    public void A_60000_by_60000_image_is_refused_from_its_header_without_allocating_its_pixels()
    {
        var dataset = TestImages.Gray(4, 4, new ushort[16], 16, 16)
            .SetUInt16(DicomTags.Rows, 60000)
            .SetUInt16(DicomTags.Columns, 60000);
        var file = DicomWriter.WriteFile(dataset);
        TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(TestImages.Gray(4, 4, new ushort[16], 16, 16))); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DicomRejectedException>(() => TestCodec.Pipeline.FromFile(file));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DicomRejectionReason.PixelBomb, ex.Reason);
        Assert.Contains("60,000 × 60,000", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated while refusing");
    }

    [Fact]
    public void A_deflate_bomb_is_refused_at_the_byte_limit()
    {
        var options = new DicomReaderOptions { Limits = new Imaging.ImageLimits { MaxBytes = 1_000_000 } };
        using var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            deflate.Write(new byte[5_000_000]);
        var ex = Assert.Throws<DicomRejectedException>(() => new DicomReader(options).ReadDataset(compressed.ToArray(), "1.2.840.10008.1.2.1.99"));
        Assert.Equal(DicomRejectionReason.TooLarge, ex.Reason);
    }

    [Theory]
    [InlineData("rows")]
    [InlineData("photometric")]
    [InlineData("pixels")]
    public void Missing_image_attributes_are_refused(string missing)
    {
        var dataset = TestImages.Gray(4, 4, new ushort[16], 16, 16);
        dataset.Remove(missing switch { "rows" => DicomTags.Rows, "photometric" => DicomTags.PhotometricInterpretation, _ => DicomTags.PixelData });
        Assert.Equal(DicomRejectionReason.MissingAttribute, TestCodec.Rejection(() => TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset))));
    }

    [Theory]
    [InlineData("samples")]
    [InlineData("highbit")]
    [InlineData("bitsstored")]
    [InlineData("slope")]
    [InlineData("windows")]
    [InlineData("short")]
    public void Contradictory_image_attributes_are_refused(string change)
    {
        var dataset = TestImages.Gray(4, 4, new ushort[16], 16, 12);
        var expected = DicomRejectionReason.InvalidAttribute;
        switch (change)
        {
            case "samples": dataset.SetUInt16(DicomTags.SamplesPerPixel, 3); break;
            case "highbit": dataset.SetUInt16(DicomTags.HighBit, 16); break;
            case "bitsstored": dataset.SetUInt16(DicomTags.BitsStored, 17); break;
            case "slope": dataset.SetString(DicomTags.RescaleSlope, DicomVR.DS, "0"); break;
            case "windows":
                dataset.SetString(DicomTags.WindowCenter, DicomVR.DS, "100", "200").SetString(DicomTags.WindowWidth, DicomVR.DS, "50");
                break;
            default:
                dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[20]);
                expected = DicomRejectionReason.Truncated;
                break;
        }

        Assert.Equal(expected, TestCodec.Rejection(() => TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset))));
    }

    [Fact]
    public void Palette_colour_is_refused_as_an_unsupported_pixel_format()
    {
        var dataset = TestImages.Gray(4, 4, new ushort[16], 8, 8).SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "PALETTE COLOR");
        Assert.Equal(DicomRejectionReason.UnsupportedPixelFormat, TestCodec.Rejection(() => TestCodec.Pipeline.FromFile(DicomWriter.WriteFile(dataset))));
    }

    private static byte[] Element(ushort group, ushort element, string vr, byte[] value)
    {
        var data = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(data, group);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), element);
        data[4] = (byte)vr[0];
        data[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), (ushort)value.Length);
        value.CopyTo(data, 8);
        return data;
    }

    private static byte[] SequenceHeader(ushort group, ushort element)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(data, group);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), element);
        data[4] = (byte)'S';
        data[5] = (byte)'Q';
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), 0xFFFFFFFF);
        return data;
    }

    private static byte[] ItemHeader(ushort elementOrGroup, uint lengthOrElement, bool group = false)
    {
        var data = new byte[8];
        if (group)
        {
            // An implicit-VR sequence header: (group, element), undefined length.
            BinaryPrimitives.WriteUInt16LittleEndian(data, elementOrGroup);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), (ushort)lengthOrElement);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 0xFFFFFFFF);
            return data;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(data, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), elementOrGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), lengthOrElement);
        return data;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
