using System.Net;
using Cms.Media;
using Cms.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Cms.Tests.Media.MediaApiClient;

namespace Cms.Tests.Media;

public sealed class MediaCacheTrimTests(CmsHostFixture fixture) : IClassFixture<CmsHostFixture>
{
    private CmsHost Host => fixture.Host;

    private string CacheRoot => Path.Combine(Host.DataPath, "media-cache");

    private async Task<string> RenderAsync(string path, int width)
    {
        using var client = Host.CreateClient();
        var response = await client.GetAsync($"/media/{path}?width={width}&format=webp");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Directory.EnumerateFiles(CacheRoot, "*.webp", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).First();
    }

    [Fact]
    public async Task Over_budget_the_oldest_variants_go_first_and_are_rendered_again_when_asked()
    {
        var editor = await Host.CreateUserAsync("Editor");
        var path = PathOf(await UploadNewAsync(editor.Client, TestImages.Jpeg(1200, 900), "vieux.jpg"));
        var trimmer = Host.Services.GetRequiredService<MediaCacheTrimmer>();
        trimmer.Trim(0);
        var older = await RenderAsync(path, 320);
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddDays(-2));
        var newer = await RenderAsync(path, 640);

        var removed = trimmer.Trim(new FileInfo(newer).Length);
        using var client = Host.CreateClient();
        var again = await client.GetAsync($"/media/{path}?width=320&format=webp");

        Assert.Equal(1, removed);
        Assert.True(File.Exists(newer));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(File.Exists(older), "the variant is rendered again into the same place");
    }

    [Fact]
    public void Abandoned_temporary_files_are_removed_and_recent_ones_kept()
    {
        var folder = Path.Combine(CacheRoot, "zz");
        Directory.CreateDirectory(folder);
        var abandoned = Path.Combine(folder, Guid.NewGuid().ToString("n") + ".webp.abc.tmp");
        var recent = Path.Combine(folder, Guid.NewGuid().ToString("n") + ".webp.def.tmp");
        File.WriteAllText(abandoned, "x");
        File.WriteAllText(recent, "x");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-3));

        Host.Services.GetRequiredService<MediaCacheTrimmer>().Trim(long.MaxValue);

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent));
    }
}
