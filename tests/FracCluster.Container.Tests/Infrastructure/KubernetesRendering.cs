using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>An HTTP probe of the manifest, its port resolved by name the way the kubelet resolves it.</summary>
public sealed record HttpProbe(string Kind, string Path, int Port, TimeSpan Timeout);

/// <summary>
/// The repository's k8s/ files made playable by podman 4.3's `kube play`, with the changes a kustomize overlay would make
/// plus the ones podman needs, each listed in <see cref="Changes"/> (printed by the tests, stated in docs/deploy.md).
/// Everything else (environment from the ConfigMap and the Secret, securityContext, read-only root file system, the /tmp
/// emptyDir, resources, probes' paths) is played as written.
/// </summary>
public sealed class KubernetesRendering
{
    public const string DeploymentFile = "deployment-cpu.yaml";
    public const string ConfigMapFile = "configmap.yaml";
    public const string SecretTemplateFile = "secret.template.yaml";

    private readonly V1Deployment _deployment;

    private KubernetesRendering(V1ConfigMap configMap, V1Deployment deployment, V1Secret secret, IReadOnlyList<HttpProbe> probes, IReadOnlyList<string> changes)
    {
        ConfigMap = configMap;
        _deployment = deployment;
        Secret = secret;
        Probes = probes;
        Changes = changes;
    }

    public V1ConfigMap ConfigMap { get; }

    public V1Secret Secret { get; }

    public string DeploymentName => _deployment.Metadata.Name;

    public string ContainerName => _deployment.Spec.Template.Spec.Containers.Single().Name;

    /// <summary>The startup, liveness and readiness probes as the manifest declares them (before rendering).</summary>
    public IReadOnlyList<HttpProbe> Probes { get; }

    public IReadOnlyList<string> Changes { get; }

    /// <summary>The ConfigMap's value of a key (e.g. the checkpoint's blob key), as the pods receive it.</summary>
    public string Setting(string key) => ConfigMap.Data[key];

    /// <summary>Name podman gives the container of replica <paramref name="index"/> ({deployment}-pod-{i}-{container}).</summary>
    public string ReplicaContainer(int index) => $"{PodName(index)}-{ContainerName}";

    public string PodName(int index) => $"{DeploymentName}-pod-{index}";

    public static KubernetesRendering Load(string siloImage, string azuriteConnectionString, string apiKey, string clusterTlsFolder, IReadOnlyDictionary<string, string> testTuning)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "k8s");
        var changes = new List<string>();
        var configMap = KubernetesYaml.Deserialize<V1ConfigMap>(File.ReadAllText(Path.Combine(folder, ConfigMapFile)));
        var deployment = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Path.Combine(folder, DeploymentFile)));
        var secret = KubernetesYaml.Deserialize<V1Secret>(File.ReadAllText(Path.Combine(folder, SecretTemplateFile)));
        var container = deployment.Spec.Template.Spec.Containers.Single();

        // Probes as written, ports resolved by name from the container's ports (what the kubelet does).
        var probes = new List<HttpProbe>();
        foreach (var (kind, probe) in new[] { ("startupProbe", container.StartupProbe), ("livenessProbe", container.LivenessProbe), ("readinessProbe", container.ReadinessProbe) })
        {
            if (probe?.HttpGet is null)
                continue;
            var port = ResolvePort(container, probe.HttpGet.Port);
            probes.Add(new HttpProbe(kind, probe.HttpGet.Path, port, TimeSpan.FromSeconds(probe.TimeoutSeconds ?? 1)));
            probe.HttpGet.Port = port;
        }

        // 1. kustomize's images: transformer (k8s/kustomization.yaml) pointed at the locally built image.
        var original = container.Image;
        var repository = original.Split(':')[0];
        var kustomization = new YamlStream();
        kustomization.Load(new StringReader(File.ReadAllText(Path.Combine(folder, "kustomization.yaml"))));
        var images = (YamlSequenceNode)((YamlMappingNode)kustomization.Documents[0].RootNode).Children[new YamlScalarNode("images")];
        if (!images.Children.OfType<YamlMappingNode>().Any(i => i.Children[new YamlScalarNode("name")].ToString() == repository))
            throw new InvalidDataException($"k8s/kustomization.yaml has no images: entry for {repository}, the image of {DeploymentFile}.");
        container.Image = siloImage;
        changes.Add($"image {original} -> {siloImage} (the kustomize images: entry for {repository}; IfNotPresent finds it locally)");

        // 2. The replica count the HorizontalPodAutoscaler owns in a cluster.
        deployment.Spec.Replicas = 3;
        changes.Add("replicas: 3 (no HPA here; in a cluster the HPA owns the count, minReplicas 2)");

        // 3. podman 4.3 publishes every containerPort on the host's 0.0.0.0 (Kubernetes does that only for a hostPort):
        //    replicas would collide on 8080/11111/30000 and the silos would be exposed. The pods keep their ports on
        //    their own addresses.
        container.Ports = null;
        changes.Add("container ports: dropped after resolving the probes' named port (podman 4.3 would publish each on the host)");

        // 4. podman has no downward API for the pod IP; without the variable the silo advertises its first non-loopback
        //    address, which in a pod is the pod IP.
        var advertised = container.Env.Single(e => e.Name == "Frac__Cluster__AdvertisedIp");
        if (advertised.ValueFrom?.FieldRef?.FieldPath != "status.podIP")
            throw new InvalidDataException("Frac__Cluster__AdvertisedIp no longer comes from status.podIP; revisit this rendering.");
        container.Env.Remove(advertised);
        changes.Add("Frac__Cluster__AdvertisedIp (fieldRef status.podIP) dropped: podman cannot resolve it; the silo advertises its pod address itself");

        // 5. The 2-core test machine: one libtorch thread per pod instead of the 4 a CPU node's pod gets.
        container.Env.Single(e => e.Name == "Frac__Models__Threads").Value = "1";
        changes.Add("Frac__Models__Threads 4 -> 1 (2-core machine)");

        // 6. Test tuning in the ConfigMap (shorter recovery timers, so a scan held by the killed pod is redriven in time).
        foreach (var (key, value) in testTuning)
            configMap.Data[key] = value;
        changes.Add("ConfigMap += " + string.Join(", ", testTuning.Select(kv => $"{kv.Key}={kv.Value}")));

        // 7. The Secret: the template's keys, filled in. Created as a podman secret by the test (see SecretJson).
        var filled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in secret.StringData.Keys)
            filled[key] = key.EndsWith("connection-string", StringComparison.Ordinal) ? azuriteConnectionString
                : key == "api-key" ? apiKey
                : throw new InvalidDataException($"{SecretTemplateFile} has a key {key} this test does not know how to fill.");
        secret.StringData = filled;
        changes.Add($"Secret {secret.Metadata.Name}: the template's keys ({string.Join(", ", filled.Keys)}) filled with Azurite's connection string and a test key, created with `podman secret create` (podman 4.3 stores a played Secret in a form its own secretKeyRef lookup cannot read)");

        // 8. The cluster-TLS Secret (cert-manager's job in a cluster): a throw-away CA's certificate in the same layout,
        //    mounted from a host folder. The ConfigMap's Frac__Tls__* settings, and so mutual TLS between the pods, are
        //    played as written.
        var tlsVolume = deployment.Spec.Template.Spec.Volumes.SingleOrDefault(v => v.Secret?.SecretName == "fraccluster-tls")
            ?? throw new InvalidDataException($"{DeploymentFile} no longer mounts the Secret fraccluster-tls; revisit this rendering.");
        if (!configMap.Data.TryGetValue("Frac__Tls__Enabled", out var tlsEnabled) || tlsEnabled != "true")
            throw new InvalidDataException($"{ConfigMapFile} no longer turns Frac__Tls__Enabled on; revisit this rendering.");
        tlsVolume.Secret = null;
        tlsVolume.HostPath = new V1HostPathVolumeSource { Path = clusterTlsFolder, Type = "Directory" };
        changes.Add("volume cluster-tls: Secret fraccluster-tls -> a host folder with tls.crt, tls.key, ca.crt made at test time by a throw-away CA (mutual TLS itself as written)");

        return new KubernetesRendering(configMap, deployment, secret, probes, changes);
    }

    /// <summary>The ConfigMap and the Deployment, for `podman kube play`.</summary>
    public string DeploymentYaml() => KubernetesYaml.Serialize(ConfigMap) + "\n---\n" + KubernetesYaml.Serialize(_deployment);

    /// <summary>
    /// One more replica as a ReplicaSet controller makes it: a Pod from the Deployment's template, named as podman names
    /// the Deployment's pods. (Nothing scales a Deployment under podman: the test plays the controller's part.)
    /// </summary>
    public string ExtraReplicaYaml(int index)
    {
        var template = _deployment.Spec.Template;
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = PodName(index), NamespaceProperty = _deployment.Metadata.NamespaceProperty, Labels = template.Metadata.Labels, Annotations = template.Metadata.Annotations },
            Spec = template.Spec,
        };
        return KubernetesYaml.Serialize(ConfigMap) + "\n---\n" + KubernetesYaml.Serialize(pod);
    }

    /// <summary>The Secret's data as podman 4.3's secretKeyRef reads it: a JSON object of key to base64 value.</summary>
    public string SecretJson() => JsonSerializer.Serialize(Secret.StringData.ToDictionary(kv => kv.Key, kv => Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))));

    private static int ResolvePort(V1Container container, IntOrString port)
    {
        var text = port.Value;
        if (int.TryParse(text, CultureInfo.InvariantCulture, out var number))
            return number;
        return container.Ports?.SingleOrDefault(p => p.Name == text)?.ContainerPort
            ?? throw new InvalidDataException($"A probe names port '{text}', which the container {container.Name} does not declare.");
    }
}
