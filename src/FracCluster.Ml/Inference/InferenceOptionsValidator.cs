using Microsoft.Extensions.Options;

namespace FracCluster.Ml.Inference;

/// <summary>Lets hosts fail at start (<c>ValidateOnStart</c>) on bad inference settings rather than on the first scan.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
