namespace FracCluster.Ml.Inference;

/// <summary>Softmax probabilities of one forward pass, row-major [images, classes], and how long the pass took.</summary>
internal readonly record struct ForwardPassResult(float[] Probabilities, double Milliseconds);
