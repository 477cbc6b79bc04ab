namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// A test that runs containers: skipped, with the reason, on a machine without podman (.ci/run installs it, so CI runs
/// these; a developer without podman still gets a green `dotnet test`).
/// </summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute(bool needsCompose = false)
    {
        if (!OperatingSystem.IsLinux())
            Skip = "The container suite runs on Linux only.";
        else if (!Podman.IsInstalled)
            Skip = "podman is not installed (apt-get install -y podman runc buildah podman-compose debootstrap; .ci/run does).";
        else if (System.Environment.UserName != "root")
            Skip = "The container suite needs rootful podman (root): the tests reach the containers at their network addresses.";
        else if (needsCompose && !Podman.ComposeIsInstalled)
            Skip = "podman-compose is not installed (apt-get install -y podman-compose; .ci/run does).";
    }
}
