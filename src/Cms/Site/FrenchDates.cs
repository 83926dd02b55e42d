using System.Globalization;

namespace Cms.Site;

/// <summary>Dates as a French newsroom writes them, in Paris time: « 1er décembre 2024 », « 23 novembre 2024 à 14 h 05 ».</summary>
public static class FrenchDates
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public static string Date(DateTime utc)
    {
        var local = Paris.FromUtc(utc);
        var day = local.Day == 1 ? "1er" : local.Day.ToString(CultureInfo.InvariantCulture);
        return $"{day} {local.ToString("MMMM yyyy", French)}";
    }

    public static string DateAndTime(DateTime utc)
    {
        var local = Paris.FromUtc(utc);
        return $"{Date(utc)} à {local.Hour} h {local.Minute:00}";
    }

    /// <summary>ISO 8601 with the Paris offset, for &lt;time datetime&gt; and JSON-LD.</summary>
    public static string Iso(DateTime utc)
    {
        var local = Paris.FromUtc(utc);
        return new DateTimeOffset(local, Paris.Zone.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
