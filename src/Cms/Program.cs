using Cms.Data;

try
{
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
