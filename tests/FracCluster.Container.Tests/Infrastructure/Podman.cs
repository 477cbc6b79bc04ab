namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// podman (and podman-compose) with the project's containers.conf. Every call has a time limit; failures carry the
/// command's output.
/// </summary>
public sealed class Podman(ContainerSuiteOptions options)
{
    public static bool IsInstalled => CommandRunner.FindOnPath("podman") is not null;

    public static bool ComposeIsInstalled => CommandRunner.FindOnPath("podman-compose") is not null;

    public ContainerSuiteOptions Options { get; } = options;

    public IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["CONTAINERS_CONF"] = Options.ContainersConf };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            env[key] = value;
        return env;
    }

    public Task<CommandResult> TryAsync(params string[] arguments) =>
        CommandRunner.RunAsync("podman", arguments, Options.CommandTimeout, Environment());

    public async Task<string> RunAsync(params string[] arguments) => (await TryAsync(arguments)).EnsureSuccess().Output.Trim();

    public Task<CommandResult> ComposeAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        CommandRunner.RunAsync("podman-compose", arguments, Options.CommandTimeout, Environment(environment));

    /// <summary>The container's address on its (first) network.</summary>
    public async Task<string> AddressAsync(string container) =>
        await RunAsync("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container) is { Length: > 0 } ips
            ? ips.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]
            : throw new InvalidOperationException($"{container} has no network address.");

    /// <summary>The host PID of the container's main process (the silo), 0 when it is not running.</summary>
    public async Task<int> MainPidAsync(string container) =>
        int.Parse(await RunAsync("inspect", "--format", "{{.State.Pid}}", container), CultureInfo.InvariantCulture);

    public async Task<int> RestartCountAsync(string container) =>
        int.Parse(await RunAsync("inspect", "--format", "{{.RestartCount}}", container), CultureInfo.InvariantCulture);

    /// <summary>The last lines a container printed, headed by its name and state, for failure messages.</summary>
    public async Task<string> LogTailAsync(string container)
    {
        try
        {
            var state = await TryAsync("inspect", "--format", "{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}}", container);
            var logs = await TryAsync("logs", "--tail", Options.LogLines.ToString(CultureInfo.InvariantCulture), container);
            // JSON log lines with exception stacks run to kilobytes: the head of each says what happened.
            var lines = logs.Output.TrimEnd().Split('\n').Select(l => l.Length <= 400 ? l : l[..400] + " …");
            return $"--- container {container} ({state.Output.Trim()}), last {Options.LogLines} log lines ---\n{string.Join('\n', lines)}";
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            return $"--- container {container}: no logs ({ex.Message}) ---";
        }
    }

    public async Task<string> LogTailsAsync(IEnumerable<string> containers)
    {
        var tails = new List<string>();
        foreach (var container in containers)
            tails.Add(await LogTailAsync(container));
        return string.Join('\n', tails);
    }

    /// <summary>Runs a wait and, when it fails, rethrows with the named containers' last log lines.</summary>
    public async Task WithLogsAsync(Func<Task> wait, params string[] containers)
    {
        try
        {
            await wait();
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            throw new ContainerTestException($"{ex.Message}\n{await LogTailsAsync(containers)}", ex);
        }
    }
}

/// <summary>A failed step of a container test, with the involved containers' last log lines in its message.</summary>
public sealed class ContainerTestException(string message, Exception inner) : Exception(message, inner);
