namespace FracCluster.Dicom.Data;

/// <summary>A value representation (PS3.5 6.2), named by its two-letter code.</summary>
public enum DicomVR
{
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
}

/// <summary>How each VR is encoded.</summary>
public static class DicomVRs
{
    /// <summary>
    /// VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1); the rest have a
    /// 16-bit length.
    /// </summary>
    public static bool HasLongLength(this DicomVR vr) =>
        vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.SQ
            or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR or DicomVR.UT or DicomVR.UV;

    /// <summary>Character-string VRs: padded with a space to an even length (UI with a NUL).</summary>
    public static bool IsText(this DicomVR vr) =>
        vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS
            or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.TM or DicomVR.UC
            or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>The byte a value of this VR is padded with to reach an even length.</summary>
    public static byte PaddingByte(this DicomVR vr) => vr.IsText() && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>Parses the two ASCII bytes of an explicit-VR header; false for anything that is not a DICOM VR.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = default;
        if (first is < (byte)'A' or > (byte)'Z' || second is < (byte)'A' or > (byte)'Z')
            return false;
        Span<char> code = [(char)first, (char)second];
        return Enum.TryParse(code, ignoreCase: false, out vr) && Enum.IsDefined(vr);
    }

    /// <summary>The two ASCII bytes written in an explicit-VR header.</summary>
    public static (byte First, byte Second) Code(this DicomVR vr)
    {
        var name = vr.ToString();
        return ((byte)name[0], (byte)name[1]);
    }
}
