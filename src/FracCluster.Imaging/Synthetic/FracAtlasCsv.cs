using System.Globalization;

namespace FracCluster.Imaging.Synthetic;

/// <summary>FracAtlas's dataset.csv: its exact columns, and one row per synthetic image.</summary>
public static class FracAtlasCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["image_id", "hand", "leg", "hip", "shoulder", "mixed", "hardware", "multiscan", "fractured", "fracture_count", "frontal", "lateral", "oblique"];

    public static string Header => string.Join(',', Columns);

    /// <summary>FracAtlas names images IMG0000019.jpg: "IMG" and seven digits.</summary>
    public static string ImageId(int index) => string.Create(CultureInfo.InvariantCulture, $"IMG{index:D7}.jpg");

    public static string Row(string imageId, SyntheticRadiographInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        static char Flag(bool on) => on ? '1' : '0';
        return string.Join(',',
            imageId,
            Flag(info.BodyPart == BodyPart.Hand),
            Flag(info.BodyPart == BodyPart.Leg),
            Flag(info.BodyPart == BodyPart.Hip),
            Flag(info.BodyPart == BodyPart.Shoulder),
            Flag(info.BodyPart == BodyPart.Mixed),
            Flag(info.Hardware),
            '0', // one view per film here
            Flag(info.Fractured),
            info.FractureCount.ToString(CultureInfo.InvariantCulture),
            Flag(info.View == RadiographView.Frontal),
            Flag(info.View == RadiographView.Lateral),
            Flag(info.View == RadiographView.Oblique));
    }
}
