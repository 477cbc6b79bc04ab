using FracCluster.Imaging.Synthetic.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FracCluster.Imaging.Synthetic;

/// <summary>A grid of thumbnails for looking at a dataset: red border = fractured, green = not, a caption under each.</summary>
public static class ContactSheet
{
    private static readonly Rgb24 FracturedColour = new(220, 48, 48);
    private static readonly Rgb24 NormalColour = new(52, 170, 84);
    private static readonly Rgb24 Background = new(24, 24, 28);
    private const int Border = 4;
    private const int CaptionHeight = 16;

    /// <summary>Composes the sheet; thumbnails keep their aspect ratio inside square cells of <paramref name="cellSize"/>.</summary>
    public static Image<Rgb24> Compose(IReadOnlyList<(Image<L8> Image, bool Fractured, string Caption)> tiles, int columns, int cellSize = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 32);
        var rows = Math.Max(1, (tiles.Count + columns - 1) / columns);
        var pitchX = cellSize + (2 * Border) + 6;
        var pitchY = cellSize + (2 * Border) + CaptionHeight + 6;
        var sheet = new Image<Rgb24>(columns * pitchX, rows * pitchY, Background);
        for (var i = 0; i < tiles.Count; i++)
        {
            var (image, fractured, caption) = tiles[i];
            var left = (i % columns * pitchX) + 3;
            var top = (i / columns * pitchY) + 3;
            var colour = fractured ? FracturedColour : NormalColour;
            FillRect(sheet, left, top, cellSize + (2 * Border), cellSize + (2 * Border), colour);
            FillRect(sheet, left + Border, top + Border, cellSize, cellSize, new Rgb24(0, 0, 0));
            var scale = (float)cellSize / Math.Max(image.Width, image.Height);
            var (w, h) = (Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale)));
            using var thumb = image.Clone(x => x.Resize(w, h, KnownResamplers.Triangle));
            var (ox, oy) = (left + Border + ((cellSize - w) / 2), top + Border + ((cellSize - h) / 2));
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var v = thumb[x, y].PackedValue;
                    sheet[ox + x, oy + y] = new Rgb24(v, v, v);
                }
            }

            TinyFont.Draw(sheet, caption, left + 2, top + cellSize + (2 * Border) + 3, 2, colour);
        }

        return sheet;
    }

    private static void FillRect(Image<Rgb24> image, int left, int top, int width, int height, Rgb24 colour)
    {
        for (var y = top; y < top + height && y < image.Height; y++)
        {
            for (var x = left; x < left + width && x < image.Width; x++)
                image[x, y] = colour;
        }
    }
}
