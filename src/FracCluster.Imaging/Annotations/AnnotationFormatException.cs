namespace FracCluster.Imaging.Annotations;

/// <summary>An annotation file that cannot be read; the message names the file and what is wrong.</summary>
public sealed class AnnotationFormatException : Exception
{
    public AnnotationFormatException(string message)
        : base(message)
    {
    }

    public AnnotationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
