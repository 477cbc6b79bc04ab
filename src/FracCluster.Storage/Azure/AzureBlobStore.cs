using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FracCluster.Storage.Azure;

/// <summary>
/// Blobs in one Azure Blob Storage container (or Azurite). Keys are blob names. Uploads are atomic: a block blob's content
/// changes only when its block list is committed, so readers see the old or the new blob. Transient failures that outlast the
/// SDK's retries surface as <see cref="BlobStoreUnavailableException"/>.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient _container;
    private readonly bool _createContainerIfMissing;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    public AzureBlobStore(BlobStoreOptions options, ILogger<AzureBlobStore>? logger = null)
        : this(CreateContainerClient(options), options.CreateContainerIfMissing, logger)
    {
    }

    /// <summary>For callers that build their own client (custom pipeline, other credential).</summary>
    public AzureBlobStore(BlobContainerClient container, bool createContainerIfMissing = true, ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        _createContainerIfMissing = createContainerIfMissing;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The container's URI (without credentials), for messages.</summary>
    public Uri ContainerUri => new(_container.Uri.GetLeftPart(UriPartial.Path));

    public string ContainerName => _container.Name;

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        return RunAsync("put", key, async ct =>
        {
            await EnsureContainerAsync(ct);
            try
            {
                await _container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true, ct);
            }
            catch (RequestFailedException ex) when (AzureFailures.IsContainerNotFound(ex) && _createContainerIfMissing)
            {
                // The container was deleted after we created it (storage reset, cleanup job): create it again, once.
                _containerReady = false;
                await EnsureContainerAsync(ct);
                await _container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true, ct);
            }
            return true;
        }, cancellationToken);
    }

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        ArgumentNullException.ThrowIfNull(content);
        return RunAsync("put", key, async ct =>
        {
            await EnsureContainerAsync(ct);
            var start = content.CanSeek ? content.Position : -1;
            try
            {
                await _container.GetBlobClient(key).UploadAsync(content, overwrite: true, ct);
            }
            catch (RequestFailedException ex) when (AzureFailures.IsContainerNotFound(ex) && _createContainerIfMissing && start >= 0)
            {
                // As above; only a seekable stream can be sent again.
                _containerReady = false;
                await EnsureContainerAsync(ct);
                content.Position = start;
                await _container.GetBlobClient(key).UploadAsync(content, overwrite: true, ct);
            }
            return true;
        }, cancellationToken);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        return RunAsync<byte[]?>("get", key, async ct =>
        {
            try
            {
                var response = await _container.GetBlobClient(key).DownloadContentAsync(ct);
                return response.Value.Content.ToArray();
            }
            catch (RequestFailedException ex) when (AzureFailures.IsNotFound(ex))
            {
                return null;
            }
        }, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        return RunAsync("open", key, async ct =>
        {
            try
            {
                // One GET: the stream is a consistent view of one blob version even if it is overwritten meanwhile.
                var response = await _container.GetBlobClient(key).DownloadStreamingAsync(cancellationToken: ct);
                return response.Value.Content;
            }
            catch (RequestFailedException ex) when (AzureFailures.IsNotFound(ex))
            {
                throw new BlobNotFoundException(key);
            }
        }, cancellationToken);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        return RunAsync("exists", key, async ct =>
        {
            try
            {
                return (await _container.GetBlobClient(key).ExistsAsync(ct)).Value;
            }
            catch (RequestFailedException ex) when (AzureFailures.IsNotFound(ex))
            {
                return false;
            }
        }, cancellationToken);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(prefix, allowEmpty: true);
        // Azure lists in UTF-8 byte order, which differs from .NET ordinal order for some characters; the contract is ordinal,
        // so the names (small) are collected and sorted here.
        var keys = await RunAsync("list", prefix, async ct =>
        {
            var names = new List<string>();
            try
            {
                await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, ct))
                    names.Add(item.Name);
            }
            catch (RequestFailedException ex) when (AzureFailures.IsContainerNotFound(ex))
            {
                return names;
            }
            names.Sort(StringComparer.Ordinal);
            return names;
        }, cancellationToken);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key, allowEmpty: false);
        return RunAsync("delete", key, async ct =>
        {
            try
            {
                return (await _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: ct)).Value;
            }
            catch (RequestFailedException ex) when (AzureFailures.IsContainerNotFound(ex))
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <summary>Builds the container client the options describe (connection string, SAS URI or managed identity).</summary>
    public static BlobContainerClient CreateContainerClient(BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = BlobStoreOptionsValidator.AzureFailures(options).ToList();
        if (failures.Count > 0)
            throw new OptionsValidationException(nameof(BlobStoreOptions), typeof(BlobStoreOptions), failures);
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        BlobServiceClient service;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            service = new BlobServiceClient(options.ConnectionString, clientOptions);
        else if (options.UseManagedIdentity)
            service = new BlobServiceClient(options.ServiceUri!, ManagedIdentity(options.ManagedIdentityClientId), clientOptions);
        else
            service = new BlobServiceClient(options.ServiceUri!, clientOptions);
        return service.GetBlobContainerClient(options.ContainerName);
    }

    private static TokenCredential ManagedIdentity(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady || !_createContainerIfMissing)
            return;
        await _containerGate.WaitAsync(cancellationToken);
        try
        {
            if (_containerReady)
                return;
            var created = await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            if (created is not null)
                LogContainerCreated(_container.Name);
            _containerReady = true;
        }
        finally
        {
            _containerGate.Release();
        }
    }

    private async Task<T> RunAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not BlobNotFoundException && AzureFailures.IsTransient(ex))
        {
            // A failed request may mean the container was deleted or storage was reset: check it again on the next write.
            _containerReady = false;
            LogUnavailable(ex, operation, key);
            throw new BlobStoreUnavailableException(operation, key, ex);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Created blob container {Container}")]
    private partial void LogContainerCreated(string container);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Blob storage unavailable during {Operation} '{Key}'")]
    private partial void LogUnavailable(Exception exception, string operation, string key);
}
