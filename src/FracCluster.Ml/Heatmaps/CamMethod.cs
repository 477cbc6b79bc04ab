namespace FracCluster.Ml.Heatmaps;

/// <summary>How the last stage's feature maps are weighted into a heatmap.</summary>
public enum CamMethod
{
    /// <summary>Grad-CAM (Selvaraju et al. 2017): each channel weighted by its spatially averaged gradient.</summary>
    GradCam,

    /// <summary>
    /// Grad-CAM++ (Chattopadhay et al. 2018): positive gradients weighted per position, which spreads the map over
    /// several instances of a class instead of the strongest one. Same cost as Grad-CAM.
    /// </summary>
    GradCamPlusPlus,
}
