namespace FracCluster.Contracts.Dicom;

/// <summary>Where a study is between its first instance and its report at the PACS.</summary>
public enum DicomStudyStatus
{
    /// <summary>Instances are arriving or being classified, or the quiet period has not passed yet.</summary>
    Receiving = 0,

    /// <summary>Every instance is final and none arrived for the quiet period; the result is final (no destinations configured).</summary>
    Stable = 1,

    /// <summary>Stable, and its report is being sent (or waiting to be retried) to the configured destinations.</summary>
    Exporting = 2,

    /// <summary>Every destination stored the report.</summary>
    Exported = 3,

    /// <summary>A destination refused the report or stayed down through every retry; the result is kept.</summary>
    ExportFailed = 4,
}

/// <summary>The report's fate at one destination.</summary>
public enum DicomExportStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}
