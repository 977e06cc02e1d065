using System.Globalization;
using System.Text;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>
/// Allocation-free parsing of the fields of one delimited line, with error messages that name file, line and column.
/// </summary>
internal static class FieldParser
{
    /// <summary>
    /// Splits <paramref name="line"/> at <paramref name="separator"/> into <paramref name="fields"/> and returns the
    /// total number of fields, which may exceed the capacity (the extra ones are only counted, for the error message).
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator, Span<Range> fields)
    {
        var count = 0;
        var offset = 0;
        while (true)
        {
            var at = line[offset..].IndexOf(separator);
            var end = at < 0 ? line.Length : offset + at;
            if (count < fields.Length)
            {
                fields[count] = new Range(offset, end);
            }

            count++;
            if (at < 0)
            {
                return count;
            }

            offset = end + separator.Length;
        }
    }

    /// <summary>Parses a non-negative integer id.</summary>
    /// <exception cref="DataFormatException">Empty, not an integer, negative or out of range.</exception>
    public static long ParseId(ReadOnlySpan<byte> field, string file, long line, string column)
    {
        // Hand-rolled because this runs twice per line on million-line files and the general parsers accept
        // whitespace, signs and culture-specific forms we want to reject anyway.
        if (field.IsEmpty)
        {
            throw new DataFormatException(file, line, $"empty {column} id");
        }

        long value = 0;
        foreach (var b in field)
        {
            var digit = (uint)(b - (byte)'0');
            if (digit > 9)
            {
                throw NotAnId(field, file, line, column);
            }

            if (value > (long.MaxValue - digit) / 10)
            {
                throw new DataFormatException(file, line, $"{column} id {Show(field)} is out of range (more than {long.MaxValue})");
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    /// <summary>Parses a rating: a finite decimal number (integers and fractions such as 3.5 are both accepted).</summary>
    public static double ParseRating(ReadOnlySpan<byte> field, string file, long line)
    {
        if (!double.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            throw new DataFormatException(file, line, $"rating {Show(field)} is not a number");
        }

        return value;
    }

    /// <summary>Checks that a timestamp is an integer (it is not used, but a garbled one means a garbled line).</summary>
    public static void ValidateTimestamp(ReadOnlySpan<byte> field, string file, long line)
    {
        var digits = field.Length > 0 && field[0] == (byte)'-' ? field[1..] : field;
        if (digits.IsEmpty || digits.Length > 18 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            throw new DataFormatException(file, line, $"timestamp {Show(field)} is not an integer");
        }
    }

    /// <summary>Case-insensitive ASCII comparison of a header line.</summary>
    public static bool HeaderEquals(ReadOnlySpan<byte> line, ReadOnlySpan<byte> expected) =>
        Ascii.EqualsIgnoreCase(line, expected);

    /// <summary>Quotes a field for an error message, shortened so a garbage line cannot flood the log.</summary>
    public static string Show(ReadOnlySpan<byte> field)
    {
        const int MaxShown = 40;
        var text = Encoding.UTF8.GetString(field.Length > MaxShown ? field[..MaxShown] : field);
        return field.Length > MaxShown ? $"'{text}…'" : $"'{text}'";
    }

    private static DataFormatException NotAnId(ReadOnlySpan<byte> field, string file, long line, string column)
    {
        // A minus sign followed by digits is a negative id, which deserves its own message.
        if (field.Length > 1 && field[0] == (byte)'-' && field[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            return new DataFormatException(file, line, $"negative {column} id {Show(field)}; ids must be non-negative integers");
        }

        return new DataFormatException(file, line, $"{column} id {Show(field)} is not an integer");
    }
}
