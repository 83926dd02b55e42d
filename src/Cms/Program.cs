var app = await Cms.CmsApp.BuildAsync(args);
await app.RunAsync();
