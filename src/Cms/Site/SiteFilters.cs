using System.Globalization;
using Cms.Media;
using Fluid;
using Fluid.Values;

namespace Cms.Site;

/// <summary>
/// The helpers themes call: <c>item_url</c>, <c>absolute_url</c>, <c>date_fr</c>, <c>datetime_fr</c>, <c>date_iso</c>,
/// <c>category_url</c>, <c>tag_url</c>, <c>image_url: width</c>, <c>image_srcset</c>, <c>asset_url</c>.
/// </summary>
public static class SiteFilters
{
    public const string BaseUrlKey = "BaseUrl";
    public const string ThemeKey = "Theme";
    private static readonly int[] SrcsetWidths = [320, 480, 640, 768, 1024, 1280, 1600];

    public static void Register(TemplateOptions options, MediaUrls media)
    {
        var filters = options.Filters;
        filters.AddFilter("item_url", ItemUrlAsync);
        filters.AddFilter("absolute_url", (input, _, context) => Text(Absolute(context, input.ToStringValue())));
        filters.AddFilter("date_fr", (input, _, _) => Text(AsUtc(input) is { } utc ? FrenchDates.Date(utc) : ""));
        filters.AddFilter("datetime_fr", (input, _, _) => Text(AsUtc(input) is { } utc ? FrenchDates.DateAndTime(utc) : ""));
        // Digits, dashes, colons and a sign only: nothing to encode, and "+01:00" stays readable.
        filters.AddFilter("date_iso", (input, _, _) => new ValueTask<FluidValue>(new StringValue(AsUtc(input) is { } utc ? FrenchDates.Iso(utc) : "", encode: false)));
        filters.AddFilter("category_url", (input, _, _) => Text(SitePaths.Category(input.ToStringValue())));
        filters.AddFilter("tag_url", (input, _, _) => Text(SitePaths.Tag(input.ToStringValue())));
        filters.AddFilter("image_url", (input, arguments, _) =>
        {
            var path = input.ToStringValue();
            if (path.Length == 0) return Text("");
            var width = arguments.At(0).IsNil() ? (int?)null : (int)arguments.At(0).ToNumberValue();
            return Text(media.Url(path, width, width is null ? null : "webp"));
        });
        filters.AddFilter("image_srcset", (input, _, _) =>
            Text(input.ToStringValue() is { Length: > 0 } path ? media.Srcset(path, SrcsetWidths, "webp") : ""));
        filters.AddFilter("asset_url", (input, _, context) =>
        {
            var name = input.ToStringValue();
            var theme = context.AmbientValues.TryGetValue(ThemeKey, out var t) ? t as Theme : null;
            var fingerprint = theme?.Fingerprint(name);
            return Text(fingerprint is null ? SitePaths.Asset(name) : $"{SitePaths.Asset(name)}?v={fingerprint}");
        });
    }

    /// <summary>A view's <c>Url</c>, or a content item's <c>AutoroutePart.Path</c> as a site-relative link.</summary>
    private static async ValueTask<FluidValue> ItemUrlAsync(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var url = await input.GetValueAsync("Url", context);
        if (!url.IsNil()) return url;
        var inner = await input.GetValueAsync("ContentItem", context);
        var item = inner.IsNil() ? input : inner;
        var path = await (await item.GetValueAsync("AutoroutePart", context)).GetValueAsync("Path", context);
        return new StringValue(path.IsNil() ? "" : SitePaths.Item(path.ToStringValue()));
    }

    private static string Absolute(TemplateContext context, string url)
    {
        if (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal)) return url;
        var origin = context.AmbientValues.TryGetValue(BaseUrlKey, out var b) ? b as string : "";
        return origin + url;
    }

    private static DateTime? AsUtc(FluidValue input) => input.ToObjectValue() switch
    {
        DateTime d => d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d,
        DateTimeOffset o => o.UtcDateTime,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => null,
    };

    private static ValueTask<FluidValue> Text(string value) => new(new StringValue(value));
}
