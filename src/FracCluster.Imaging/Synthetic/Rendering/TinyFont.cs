using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>A 3×5 pixel font for contact-sheet captions (ImageSharp.Drawing is not available here).</summary>
internal static class TinyFont
{
    private const string Glyphs = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

    // Five rows of three bits per glyph, top row first.
    private static readonly string[] Rows =
    [
        "010101111101101", "110101110101110", "011100100100011", "110101101101110", "111100110100111", "111100110100100",
        "011100101101011", "101101111101101", "111010010010111", "001001001101010", "101101110101101", "100100100100111",
        "101111111101101", "110101101101101", "010101101101010", "110101110100100", "010101101110011", "110101110101101",
        "011100010001110", "111010010010010", "101101101101111", "101101101101010", "101101111111101", "101101010101101",
        "101101010010010", "111001010100111", "111101101101111", "010110010010111", "110001010100111", "110001010001110",
        "101101111001001", "111100110001110", "011100111101111", "111001010010010", "111101111101111", "111101111001110",
        "000000111000000",
    ];

    public static int Width(string text, int scale) => text.Length * 4 * scale;

    /// <summary>Draws upper-case text with its top-left at (x, y); characters it lacks show as blanks.</summary>
    public static void Draw(Image<Rgb24> image, string text, int x, int y, int scale, Rgb24 colour)
    {
        foreach (var ch in text.ToUpperInvariant())
        {
            var index = Glyphs.IndexOf(ch, StringComparison.Ordinal);
            if (index >= 0)
            {
                var bits = Rows[index];
                for (var row = 0; row < 5; row++)
                {
                    for (var column = 0; column < 3; column++)
                    {
                        if (bits[(row * 3) + column] == '1')
                            Fill(image, x + (column * scale), y + (row * scale), scale, colour);
                    }
                }
            }

            x += 4 * scale;
        }
    }

    private static void Fill(Image<Rgb24> image, int x, int y, int size, Rgb24 colour)
    {
        for (var dy = 0; dy < size; dy++)
        {
            for (var dx = 0; dx < size; dx++)
            {
                if (x + dx >= 0 && x + dx < image.Width && y + dy >= 0 && y + dy < image.Height)
                    image[x + dx, y + dy] = colour;
            }
        }
    }
}
