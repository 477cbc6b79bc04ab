using FracCluster.Cli;
using Spectre.Console.Cli;

try
{
    return await FracApp.Build().RunAsync(args);
}
catch (CommandAppException ex)
{
    // Bad command lines (unknown option, failed settings validation) are usage errors, not crashes: PropagateExceptions
    // would otherwise end the process with a stack trace and exit code 134.
    CliConsole.WriteError(ex.Message);
    return 2;
}
