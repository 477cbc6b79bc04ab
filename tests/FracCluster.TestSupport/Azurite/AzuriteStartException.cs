namespace FracCluster.TestSupport.Azurite;

/// <summary>Azurite could not be started; the message carries what it printed.</summary>
public sealed class AzuriteStartException(string message) : Exception(message);
