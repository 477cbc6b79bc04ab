using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>Resolves a container's environment the way the kubelet does: envFrom first, then env entries override.</summary>
public static class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, ResolvedEnvironmentVariable> Resolve(V1Container container, string? ns, ManifestSet manifests)
    {
        var result = new Dictionary<string, ResolvedEnvironmentVariable>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? string.Empty;
            if (source.ConfigMapRef is { } configMapRef)
            {
                var configMap = FindInNamespace<V1ConfigMap>(manifests, configMapRef.Name, ns);
                foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
                    result[prefix + key] = new(prefix + key, EnvironmentValueKind.ConfigMapKey, value, configMapRef.Name, key);
            }
            if (source.SecretRef is { } secretRef)
            {
                var secret = FindInNamespace<V1Secret>(manifests, secretRef.Name, ns);
                foreach (var key in SecretKeys(secret))
                    result[prefix + key] = new(prefix + key, EnvironmentValueKind.SecretKey, null, secretRef.Name, key);
            }
        }
        foreach (var env in container.Env ?? [])
            result[env.Name] = Resolve(env, ns, manifests);
        return result;
    }

    public static IEnumerable<string> SecretKeys(V1Secret secret) =>
        (secret.StringData?.Keys ?? Enumerable.Empty<string>()).Concat(secret.Data?.Keys ?? Enumerable.Empty<string>());

    private static ResolvedEnvironmentVariable Resolve(V1EnvVar env, string? ns, ManifestSet manifests)
    {
        if (env.ValueFrom is null)
            return new(env.Name, EnvironmentValueKind.Literal, env.Value);
        if (env.ValueFrom.FieldRef is { } fieldRef)
            return new(env.Name, EnvironmentValueKind.FieldRef, fieldRef.FieldPath);
        if (env.ValueFrom.ResourceFieldRef is { } resourceRef)
            return new(env.Name, EnvironmentValueKind.ResourceFieldRef, resourceRef.Resource);
        if (env.ValueFrom.SecretKeyRef is { } secretRef)
            return new(env.Name, EnvironmentValueKind.SecretKey, null, secretRef.Name, secretRef.Key);
        if (env.ValueFrom.ConfigMapKeyRef is { } configMapRef)
        {
            var configMap = FindInNamespace<V1ConfigMap>(manifests, configMapRef.Name, ns);
            var value = configMap.Data?.TryGetValue(configMapRef.Key, out var v) == true
                ? v
                : throw new InvalidDataException($"{env.Name} refers to key {configMapRef.Key}, which ConfigMap {configMapRef.Name} lacks.");
            return new(env.Name, EnvironmentValueKind.ConfigMapKey, value, configMapRef.Name, configMapRef.Key);
        }
        throw new InvalidDataException($"{env.Name} has a valueFrom these tests do not know.");
    }

    private static T FindInNamespace<T>(ManifestSet manifests, string name, string? ns)
        where T : k8s.IKubernetesObject<V1ObjectMeta> =>
        manifests.All<T>().SingleOrDefault(o => o.Metadata.Name == name && o.Metadata.NamespaceProperty == ns)
        ?? throw new InvalidDataException($"No {typeof(T).Name} {name} in namespace {ns} among the manifests.");
}
