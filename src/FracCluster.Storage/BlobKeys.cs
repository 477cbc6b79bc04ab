namespace FracCluster.Storage;

/// <summary>Key rules shared by every store, so a key that works on files also works on Azure Blob and cannot escape the root.</summary>
public static class BlobKeys
{
    public static void Validate(string key, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            if (allowEmpty)
                return;
            throw new ArgumentException("A blob key must not be empty.", nameof(key));
        }
        if (key.Length > 1024)
            throw new ArgumentException($"Blob key is {key.Length} characters; the limit is 1024.", nameof(key));
        if (key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"Blob key '{key}' must be relative and use '/' separators.", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
                throw new ArgumentException($"Blob key '{key}' must not contain '.' or '..' segments.", nameof(key));
        }
    }

    public static string Combine(params string[] parts) =>
        string.Join('/', parts.Where(p => p.Length > 0).Select(p => p.Trim('/')));
}
