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
        config.AddCommand<Commands.SynthCommand>("synth")
            .WithDescription("Write a synthetic FracAtlas-layout dataset of radiograph-like JPEGs (deterministic per seed).")
            .WithExample("synth", "--out", "data/synth", "--count", "1000", "--fractured-ratio", "0.18", "--seed", "1", "--contact-sheet", "data/synth/sheet.png");
    }
}
