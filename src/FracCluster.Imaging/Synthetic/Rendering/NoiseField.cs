namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>Smooth random texture: Gaussian values on a coarse grid, bilinearly interpolated (trabecular mottling).</summary>
internal sealed class NoiseField
{
    private readonly float[] grid;
    private readonly int columns;
    private readonly int rows;
    private readonly float cell;

    public NoiseField(Random random, int width, int height, float cell)
    {
        this.cell = cell;
        columns = (int)(width / cell) + 2;
        rows = (int)(height / cell) + 2;
        grid = new float[columns * rows];
        for (var i = 0; i < grid.Length; i++)
            grid[i] = (float)random.NextGaussian();
    }

    public float Sample(float x, float y)
    {
        var gx = Math.Clamp(x / cell, 0, columns - 1.001f);
        var gy = Math.Clamp(y / cell, 0, rows - 1.001f);
        var ix = (int)gx;
        var iy = (int)gy;
        var fx = gx - ix;
        var fy = gy - iy;
        var top = grid[(iy * columns) + ix] + ((grid[(iy * columns) + ix + 1] - grid[(iy * columns) + ix]) * fx);
        var bottom = grid[((iy + 1) * columns) + ix] + ((grid[((iy + 1) * columns) + ix + 1] - grid[((iy + 1) * columns) + ix]) * fx);
        return top + ((bottom - top) * fy);
    }
}
