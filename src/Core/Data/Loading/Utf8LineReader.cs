using System.IO.Compression;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>
/// Reads a text file line by line as UTF-8 byte spans, transparently gunzipping <c>*.gz</c> files.
/// </summary>
/// <remarks>
/// Loading must stay well under a second per million lines, so lines are never turned into strings: the caller gets
/// a span into a reusable buffer that is valid until the next <see cref="TryReadLine"/> call. A trailing <c>\r</c>
/// is removed so Windows line ends are accepted, and a leading UTF-8 byte-order mark is skipped.
/// </remarks>
internal sealed class Utf8LineReader : IDisposable
{
    // A line longer than this is certainly not an interaction record (binary or wrong file); stop instead of
    // growing the buffer to the size of the file.
    private const int MaxLineBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly string _displayName;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    private Utf8LineReader(Stream stream, string displayName)
    {
        _stream = stream;
        _displayName = displayName;
    }

    /// <summary>1-based number of the line last returned (0 before the first call).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens a file; names ending in <c>.gz</c> are decompressed on the fly.</summary>
    public static Utf8LineReader Open(string path)
    {
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (IOException ex)
        {
            throw new DataFormatException(path, $"cannot open: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataFormatException(path, $"cannot open: {ex.Message}");
        }

        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new Utf8LineReader(stream, path);
    }

    /// <summary>Returns the next line without its terminator, or false at the end of the file.</summary>
    /// <exception cref="DataFormatException">The file is not valid gzip, or a line is absurdly long.</exception>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Finish(pending[..newline]);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                // last line without a final newline
                line = Finish(pending);
                _start = _end;
                return true;
            }

            Fill();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private ReadOnlySpan<byte> Finish(ReadOnlySpan<byte> line)
    {
        LineNumber++;
        if (_first)
        {
            _first = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    private void Fill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            // move the unfinished line to the front so the free space is contiguous
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new DataFormatException(_displayName, LineNumber + 1, $"line is longer than {MaxLineBytes} bytes; this is not a text interaction file");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(_displayName, $"not a valid gzip file: {ex.Message}");
        }

        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
