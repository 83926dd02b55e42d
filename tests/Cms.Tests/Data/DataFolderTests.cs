using System.Security.Cryptography;
using Cms.Data;
using Cms.Media;
using Cms.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Tests.Data;

/// <summary>The data folder of a SQLite node: one web host at a time, a clear refusal when it cannot be used, keys carried over from older versions.</summary>
public sealed class DataFolderTests
{
    [Fact]
    public async Task A_second_web_host_on_the_same_sqlite_folder_refuses_to_start_naming_the_folder_and_the_first()
    {
        var dataPath = CmsHost.NewDataPath();
        await using var first = await CmsHost.StartAsync(dataPath);

        var refused = await Assert.ThrowsAsync<CmsStartupException>(() => CmsHost.StartAsync(dataPath));

        Assert.Contains(dataPath, refused.Message);
        Assert.Contains($"process {Environment.ProcessId}", refused.Message);
        Assert.Contains("PostgreSQL", refused.Message);
        // The first host is unharmed and the folder is free again once it stops.
        using var client = first.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_stops_the_start_with_one_line_naming_it()
    {
        var file = Path.GetTempFileName();
        var dataPath = Path.Combine(file, "data");
        try
        {
            var refused = await Assert.ThrowsAsync<CmsStartupException>(() => CmsHost.StartAsync(dataPath));

            Assert.Contains($"The data folder {dataPath} cannot be created or written", refused.Message);
            Assert.DoesNotContain('\n', refused.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Keys_kept_in_the_folder_by_an_older_version_are_imported_so_what_they_signed_still_works()
    {
        var dataPath = CmsHost.NewDataPath();
        Directory.CreateDirectory(dataPath);
        // What an older version left: a data-protection key ring on disk, and the media signing key file.
        var legacy = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataPath, "keys")), b => b.SetApplicationName("Cms"));
        var protectedBefore = legacy.CreateProtector("Cms.Tests.Upgrade").Protect("signé avant la mise à jour");
        var mediaKey = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllBytesAsync(Path.Combine(dataPath, "media-token.key"), mediaKey);

        await using var host = await CmsHost.StartAsync(dataPath);
        try
        {
            var provider = host.Services.GetRequiredService<IDataProtectionProvider>();
            Assert.Equal("signé avant la mise à jour", provider.CreateProtector("Cms.Tests.Upgrade").Unprotect(protectedBefore));
            var command = host.Services.GetRequiredService<ImageCommandParser>()
                .Parse("2024/11/koursk.jpg", MediaType.FromExtension("koursk.jpg")!, new Microsoft.AspNetCore.Http.QueryCollection(
                    new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["width"] = "320" }), null).Value!;
            Assert.Equal(new MediaTokens(mediaKey).Issue("2024/11/koursk.jpg", command), host.Services.GetRequiredService<MediaTokens>().Issue("2024/11/koursk.jpg", command));
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }
}
