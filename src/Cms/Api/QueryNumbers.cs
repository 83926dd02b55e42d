using System.Globalization;

namespace Cms.Api;

/// <summary>Whole numbers read from a query string (page, pageSize…), the same way by every API.</summary>
public static class QueryNumbers
{
    /// <summary>
    /// <paramref name="fallback"/> when the parameter is absent; otherwise true only for digits alone (no sign, no
    /// spaces) making a number from 1 to <paramref name="max"/>.
    /// </summary>
    public static bool TryPositive(string? text, int fallback, int max, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;
    }

    /// <summary>
    /// Whether page <paramref name="page"/> of <paramref name="pageSize"/> items starts at an offset a query can skip to
    /// (an int): page 2147483647 of 100 would wrap around to a negative offset, which PostgreSQL refuses.
    /// </summary>
    public static bool IsReachable(int page, int pageSize) => (long)(page - 1) * pageSize <= int.MaxValue;

    /// <summary>0 when the parameter is absent; otherwise true only for digits alone making a number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static bool TryWhole(string? text, long min, long max, out long value)
    {
        if (text is null)
        {
            value = 0;
            return true;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
