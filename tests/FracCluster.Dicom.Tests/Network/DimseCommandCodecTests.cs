using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class DimseCommandCodecTests
{
    [Fact]
    public void A_store_request_round_trips_and_starts_with_its_group_length()
    {
        var command = new DimseCommand
        {
            CommandField = (ushort)DimseCommandField.CStoreRequest,
            AffectedSopClassUid = DicomNetworkUids.DigitalXRayImageStorageForPresentation,
            AffectedSopInstanceUid = "1.2.3.45",
            MessageId = 7,
            Priority = 0,
            CommandDataSetType = 0,
            MoveOriginatorAeTitle = "MOVER",
        };

        var encoded = DimseCommandCodec.Encode(command);

        Assert.True(DimseCommandCodec.TryDecode(encoded, out var decoded, out var error), error);
        Assert.Equal(command, decoded);
        Assert.Equal((uint)(encoded.Length - 12), BitConverter.ToUInt32(encoded, 8));
        Assert.Equal(0, encoded.Length % 2);
    }

    [Fact]
    public void A_response_with_a_status_and_comment_round_trips()
    {
        var response = new DimseCommand
        {
            CommandField = (ushort)DimseCommandField.CStoreResponse,
            MessageIdBeingRespondedTo = 7,
            Status = DicomStatus.OutOfResources.Code,
            ErrorComment = "disk full",
        };

        Assert.True(DimseCommandCodec.TryDecode(DimseCommandCodec.Encode(response), out var decoded, out _));
        Assert.Equal(response, decoded);
        Assert.False(decoded.HasDataSet);
        Assert.True(decoded.IsResponse);
    }

    [Fact]
    public void An_element_longer_than_the_command_set_is_refused()
    {
        var encoded = DimseCommandCodec.Encode(new DimseCommand { CommandField = 0x0030, MessageId = 1 });
        encoded[^6] = 0xFF;

        Assert.False(DimseCommandCodec.TryDecode(encoded, out _, out var error));
        Assert.Contains("runs past", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_set_element_in_a_command_set_is_refused()
    {
        byte[] encoded = [0x08, 0x00, 0x18, 0x00, 2, 0, 0, 0, (byte)'1', 0];

        Assert.False(DimseCommandCodec.TryDecode(encoded, out _, out var error));
        Assert.Contains("outside group 0000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_set_without_a_command_field_is_refused()
    {
        Assert.False(DimseCommandCodec.TryDecode([], out _, out var error));
        Assert.Contains("Command Field", error, StringComparison.Ordinal);
    }
}
