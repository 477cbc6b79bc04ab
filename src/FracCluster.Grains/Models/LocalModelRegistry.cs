using System.Collections.Concurrent;
using FracCluster.Contracts;
using FracCluster.Grains.Options;
using FracCluster.Grains.Placement;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Models;

/// <summary>
/// One per silo: the latest status each local model grain reported. Backs <c>/readyz</c> (ready when every configured
/// device's model is loaded and warm) and the silo control grain's model list.
/// </summary>
public sealed class LocalModelRegistry(ILocalSiloDetails silo, IOptions<ModelsOptions> options)
{
    private readonly ConcurrentDictionary<string, ModelStatus> _byDevice = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Devices { get; } = options.Value.EffectiveDevices;

    public string KeyFor(string device) => SiloKeys.Model(silo.SiloAddress, device);

    public void Report(ModelStatus status) => _byDevice[status.Device] = status;

    /// <summary>Every configured device, with a not-ready placeholder for a model grain that has not reported yet.</summary>
    public IReadOnlyList<ModelStatus> Snapshot() =>
        Devices.Select(d => _byDevice.TryGetValue(d, out var s) ? s : new ModelStatus
        {
            Key = KeyFor(d),
            Silo = silo.SiloAddress.ToParsableString(),
            Device = d,
            Ready = false,
        }).ToList();

    public bool AllReady => Devices.All(d => _byDevice.TryGetValue(d, out var s) && s.Ready);
}
