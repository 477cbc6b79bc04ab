namespace FracCluster.Ml.Data;

/// <summary>Which of FracAtlas's annotation formats a source's fracture boxes were read from.</summary>
public enum AnnotationSource
{
    None,
    CocoJson,
    PascalVoc,
    Yolo,
}
