using Cms.Commands;
using Cms.Data;

try
{
    // `dotnet Cms.dll backup app.zip`: a command-line task (help lists them); anything else starts the web host.
    if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);
    var app = await Cms.CmsApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (CmsStartupException e)
{
    // One clear line for the operator, not a stack trace: the message names the folder, database or setting at fault.
    Console.Error.WriteLine($"The CMS cannot start: {e.Message}");
    return 1;
}
