using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>Kubernetes label-selector semantics (matchLabels and matchExpressions), to check what selects what.</summary>
public static class LabelSelectors
{
    public static bool Matches(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels is null or { Count: 0 } && selector.MatchExpressions is null or { Count: 0 })
            return false; // An empty selector would select everything: never what these manifests mean.
        return Matches(selector.MatchLabels, labels) && (selector.MatchExpressions ?? []).All(e => Matches(e, labels));
    }

    public static bool Matches(IDictionary<string, string>? matchLabels, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return (matchLabels ?? new Dictionary<string, string>())
            .All(required => labels.TryGetValue(required.Key, out var value) && value == required.Value);
    }

    private static bool Matches(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(requirement.Key, out var value);
        return requirement.OperatorProperty switch
        {
            "In" => has && requirement.Values.Contains(value!),
            "NotIn" => !has || !requirement.Values.Contains(value!),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => throw new InvalidDataException($"Unknown label selector operator '{requirement.OperatorProperty}'."),
        };
    }
}
