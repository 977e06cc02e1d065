namespace UnlearnRec.Model.Experiments.Plotting;

/// <summary>An RGB raster with the few drawing primitives a line chart needs: rectangles, thick lines and bitmap text.</summary>
internal sealed class RasterImage
{
    private readonly byte[] _rgb;

    /// <summary>Creates a white image.</summary>
    public RasterImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        Array.Fill(_rgb, (byte)255);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Sets one pixel (ignored outside the image).</summary>
    public void Set(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var k = ((y * Width) + x) * 3;
        _rgb[k] = color.R;
        _rgb[k + 1] = color.G;
        _rgb[k + 2] = color.B;
    }

    /// <summary>Reads one pixel.</summary>
    public Rgb Get(int x, int y)
    {
        var k = ((y * Width) + x) * 3;
        return new Rgb(_rgb[k], _rgb[k + 1], _rgb[k + 2]);
    }

    /// <summary>Fills the rectangle [x, x+w) × [y, y+h).</summary>
    public void FillRect(int x, int y, int w, int h, Rgb color)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                Set(xx, yy, color);
            }
        }
    }

    /// <summary>Outline of a rectangle, one pixel wide.</summary>
    public void DrawRect(int x, int y, int w, int h, Rgb color)
    {
        Line(x, y, x + w - 1, y, color);
        Line(x, y + h - 1, x + w - 1, y + h - 1, color);
        Line(x, y, x, y + h - 1, color);
        Line(x + w - 1, y, x + w - 1, y + h - 1, color);
    }

    /// <summary>A line from (x0, y0) to (x1, y1) (Bresenham), <paramref name="thickness"/> pixels wide.</summary>
    public void Line(int x0, int y0, int x1, int y1, Rgb color, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        var lo = -(thickness - 1) / 2;
        var hi = thickness / 2;
        while (true)
        {
            for (var ox = lo; ox <= hi; ox++)
            {
                for (var oy = lo; oy <= hi; oy++)
                {
                    Set(x0 + ox, y0 + oy, color);
                }
            }

            if (x0 == x1 && y0 == y1)
            {
                break;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel <paramref name="scale"/>² pixels.</summary>
    public void Text(int x, int y, string text, Rgb color, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var left = x + (i * BitmapFont.Advance * scale);
            for (var gy = 0; gy < BitmapFont.Height; gy++)
            {
                for (var gx = 0; gx < BitmapFont.Width; gx++)
                {
                    if (BitmapFont.Pixel(text[i], gx, gy))
                    {
                        FillRect(left + (gx * scale), y + (gy * scale), scale, scale, color);
                    }
                }
            }
        }
    }

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int TextWidth(string text, int scale = 2) => BitmapFont.Measure(text) * scale;

    /// <summary>The image as a PNG file.</summary>
    public byte[] ToPng() => PngEncoder.Encode(Width, Height, _rgb);
}
