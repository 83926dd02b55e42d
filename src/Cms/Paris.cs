namespace Cms;

/// <summary>The newsroom and its readers live in Paris time; the store keeps UTC.</summary>
internal static class Paris
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTime FromUtc(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static string Show(DateTime? utc) => utc is { } u ? FromUtc(u).ToString("dd/MM/yyyy HH:mm") : "";

    public static string Waiting(DateTime? since, DateTime now)
    {
        if (since is null) return "";
        var span = now - since.Value;
        if (span.TotalMinutes < 1) return "moins d’une minute";
        if (span.TotalHours < 1) return $"{(int)span.TotalMinutes} min";
        if (span.TotalDays < 1) return $"{(int)span.TotalHours} h {span.Minutes:00}";
        return $"{(int)span.TotalDays} j";
    }
}
