using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace FracCluster.Cli.Commands;

public sealed class VersionCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var version = typeof(VersionCommand).Assembly.GetName().Version;
        AnsiConsole.MarkupLineInterpolated($"frac {version}  TorchSharp {typeof(torch).Assembly.GetName().Version}  threads {torch.get_num_threads()}  cuda {torch.cuda.is_available()}");
        return 0;
    }
}
