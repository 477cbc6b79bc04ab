using Spectre.Console.Cli;

namespace FracCluster.Cli;

/// <summary>The `frac` command tree. Each command lives in Commands/ with its settings class beside it.</summary>
public static class FracApp
{
    public static CommandApp Build()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("frac");
            config.PropagateExceptions();
            config.ValidateExamples();
            Register(config);
        });
        return app;
    }

    private static void Register(IConfigurator config)
    {
        config.AddCommand<Commands.VersionCommand>("version").WithDescription("Print versions of FracCluster, TorchSharp and libtorch.");
        // Commands register here, one line each, grouped by area.
        config.AddBranch("dataset", dataset =>
        {
            dataset.SetDescription("Look at datasets: folders, blob:PREFIX or az://CONTAINER/PREFIX.");
            dataset.AddCommand<Commands.DatasetInspectCommand>("inspect")
                .WithDescription("Counts per class and body part, image sizes, unreadable files with reasons, exact duplicates.")
                .WithExample("dataset", "inspect", "data/FracAtlas");
        });
    }
}
