using System.Buffers;
using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class DicomStatusTests
{
    [Theory]
    [InlineData(0x0000, DicomStatusCategory.Success, true, false)]
    [InlineData(0xB000, DicomStatusCategory.Warning, true, false)]
    [InlineData(0xA700, DicomStatusCategory.Failure, false, true)]
    [InlineData(0xA7FF, DicomStatusCategory.Failure, false, true)]
    [InlineData(0xA900, DicomStatusCategory.Failure, false, false)]
    [InlineData(0xC000, DicomStatusCategory.Failure, false, false)]
    [InlineData(0x0122, DicomStatusCategory.Failure, false, false)]
    [InlineData(0xFF00, DicomStatusCategory.Pending, false, false)]
    [InlineData(0xFE00, DicomStatusCategory.Cancel, false, false)]
    public void Status_codes_fall_into_their_ps3_7_categories(int code, DicomStatusCategory category, bool stored, bool transient)
    {
        var status = new DicomStatus((ushort)code);

        Assert.Equal((category, stored, transient), (status.Category, status.IsStored, status.IsTransientFailure));
    }

    [Fact]
    public void A_data_set_buffer_keeps_fragments_in_order_and_returns_its_memory_to_the_budget()
    {
        var budget = new MemoryBudget(4 * DataSetBuffer.ChunkSize);
        var data = new byte[DataSetBuffer.ChunkSize + 1000];
        new Random(5).NextBytes(data);
        using (var buffer = new DataSetBuffer(data.Length, budget))
        {
            buffer.Append(data.AsSpan(0, 999));
            buffer.Append(data.AsSpan(999));

            Assert.False(buffer.Overflowed);
            Assert.Equal(data, buffer.ToSequence().ToArray());
            Assert.Equal(2L * DataSetBuffer.ChunkSize, budget.Used);
        }

        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void A_data_set_past_its_limit_keeps_counting_but_holds_nothing()
    {
        var budget = new MemoryBudget(1 << 30);
        using var buffer = new DataSetBuffer(1000, budget);

        buffer.Append(new byte[600]);
        buffer.Append(new byte[600]);
        buffer.Append(new byte[600]);

        Assert.Equal(DataSetOverflow.InstanceLimit, buffer.Overflow);
        Assert.Equal(1800, buffer.Length);
        Assert.Equal(0, budget.Used);
    }
}
