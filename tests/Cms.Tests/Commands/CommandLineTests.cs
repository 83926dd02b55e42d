using Cms.Tests.Support;

namespace Cms.Tests.Commands;

/// <summary>The command-line entry, run as a process of its own as an operator runs it.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_command_with_its_arguments_and_exits_0()
    {
        var result = await CommandProcess.RunAsync(["help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("backup <file.zip> [--with-media]", result.Output);
        Assert.Contains("restore <file.zip>", result.Output);
        Assert.Contains("Without a command, the web host starts.", result.Output);
    }

    [Fact]
    public async Task An_unknown_command_prints_the_usage_and_exits_2_without_touching_a_data_folder()
    {
        var dataPath = CmsHost.NewDataPath();

        var result = await CommandProcess.RunAsync(["publish-everything", "now"], new Dictionary<string, string?> { ["Cms:DataPath"] = dataPath });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unknown command 'publish-everything'.", result.Error);
        Assert.Contains("Commands:", result.Error);
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(dataPath));
    }

    [Fact]
    public async Task A_command_given_the_wrong_arguments_prints_its_own_usage_and_exits_2()
    {
        var dataPath = CmsHost.NewDataPath();
        try
        {
            var result = await CommandProcess.RunAsync(["backup"], new Dictionary<string, string?> { ["Cms:DataPath"] = dataPath });

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("Usage: dotnet run --project src/Cms -- backup <file.zip> [--with-media]", result.Error);
        }
        finally
        {
            CmsHost.DeleteData(dataPath);
        }
    }
}
