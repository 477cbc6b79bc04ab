using FracCluster.Dicom;
using Xunit;

namespace FracCluster.Dicom.Tests;

public class DicomTagTests
{
    [Fact]
    public void Tags_order_by_group_then_element_and_print_as_dcmdump_does()
    {
        var a = new DicomTag(0x0008, 0x0018);
        var b = new DicomTag(0x0010, 0x0010);
        Assert.True(a.CompareTo(b) < 0);
        Assert.Equal("(0008,0018)", a.ToString());
    }
}
